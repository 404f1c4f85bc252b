package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import tools.jackson.databind.JsonNode;

/**
 * {@code cluster.raft.ps}: every member of the master group with its role, term and applied log
 * index, each as that master reports it itself (a master that cannot be reached shows
 * {@code DOWN}).
 */
final class ClusterRaftPsVerb implements ShellVerb {
    @Override
    public String name() {
        return "cluster.raft.ps";
    }

    @Override
    public String summary() {
        return "list the masters with their raft role, term and log index";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly();
        JsonNode status = session.masters().get(MasterApi.CLUSTER_STATUS.query());
        session.out().printf("%-24s %-22s %-22s %-10s %6s %10s%n", "ID", "ADDRESS", "RAFT ADDRESS", "ROLE", "TERM",
                "APPLIED");
        for (JsonNode m : status.get("Raft").get("Members")) {
            String address = m.get("Address").asString();
            String role = "DOWN";
            String term = "-";
            String applied = "-";
            try {
                JsonNode own = session.masters().getFrom(address, MasterApi.CLUSTER_STATUS.query()).get("Raft");
                role = own.get("Role").asString();
                term = Long.toString(own.get("Term").asLong());
                applied = Long.toString(own.get("AppliedIndex").asLong());
            } catch (HayloftException e) {
                // shown as DOWN
            }
            session.out().printf("%-24s %-22s %-22s %-10s %6s %10s%n", m.get("Id").asString(), address,
                    m.get("RaftAddress").asString(), role, term, applied);
        }
    }
}
