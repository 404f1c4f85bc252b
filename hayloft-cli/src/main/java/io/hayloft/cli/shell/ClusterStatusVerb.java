package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/** {@code cluster.status}: the leader and the masters of the current Raft configuration. */
final class ClusterStatusVerb implements ShellVerb {
    @Override
    public String name() {
        return "cluster.status";
    }

    @Override
    public String summary() {
        return "show the leader and every master";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly();
        JsonNode s = session.masters().get(MasterApi.CLUSTER_STATUS.query());
        String leader = s.get("Leader").asString();
        session.out().printf("leader: %s%n", leader.isEmpty() ? "(none elected)" : leader);
        for (JsonNode p : s.get("Peers")) {
            session.out().printf("master: %s%n", p.asString());
        }
        session.out().printf("max volume id: %d%n", s.get("MaxVolumeId").asLong());
    }
}
