package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code cluster.raft.remove -id host_port|host:port [-apply]}: removes a master from the group.
 * Without {@code -apply} it only checks that the master is a member and says what would happen.
 */
final class ClusterRaftRemoveVerb implements ShellVerb {
    @Override
    public String name() {
        return "cluster.raft.remove";
    }

    @Override
    public String summary() {
        return "remove a master from the raft group (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "-id HOST_PORT|HOST:PORT [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("id", "apply");
        String id = args.required("id");
        JsonNode status = session.masters().get(MasterApi.CLUSTER_STATUS.query());
        JsonNode member = null;
        int count = 0;
        for (JsonNode m : status.get("Raft").get("Members")) {
            count++;
            if (m.get("Id").asString().equals(id) || m.get("Address").asString().equals(id)) {
                member = m;
            }
        }
        if (member == null) {
            throw new ShellUsageException("master " + id + " is not a member; 'cluster.raft.ps' lists them");
        }
        if (!args.flag("apply")) {
            session.out().printf("would remove %s (%s) leaving %d masters; add -apply to do it%n",
                    member.get("Id").asString(), member.get("Address").asString(), count - 1);
            return;
        }
        JsonNode answer = session.masters().post(MasterApi.RAFT_REMOVE.query()
                .param(MasterApi.ID, member.get("Id").asString()));
        session.out().printf("removed %s; members now:%n", member.get("Id").asString());
        MemberLines.print(answer, session.out());
    }
}
