package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code filer.partition.list}: the filer partition map the master owns: each partition's replicas (a
 * {@code *} marks the leader last reported, {@code !} a replica whose server is silent), then each
 * filer server with its addresses, rack and replica count.
 */
final class FilerPartitionListVerb implements ShellVerb {
    @Override
    public String name() {
        return "filer.partition.list";
    }

    @Override
    public String summary() {
        return "list the filer's metadata partitions, their replicas and leaders, and the filer servers";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly();
        JsonNode r = session.masters().get(MasterApi.PARTITION_LIST.query());
        JsonNode partitions = r.path("partitions");
        session.out().printf("partition table version %d%n", r.path("version").asLong());
        session.out().printf("%-10s %-8s %s%n", "PARTITION", "TERM", "REPLICAS (* leader, ! silent server; applied index, bytes)");
        for (JsonNode p : partitions) {
            List<String> replicas = new ArrayList<>();
            for (JsonNode rep : p.path("replicas")) {
                long node = rep.path("nodeId").asLong();
                replicas.add((node == p.path("leader").asLong() ? "*" : "") + (rep.path("alive").asBoolean() ? "" : "!")
                        + node + " (" + rep.path("appliedIndex").asLong() + ", " + rep.path("bytes").asLong() + ")");
            }
            session.out().printf("%-10d %-8d %s%n", p.path("id").asInt(), p.path("term").asLong(),
                    String.join("  ", replicas));
        }
        session.out().printf("%d partition(s)%n", partitions.size());
        JsonNode servers = r.path("servers");
        session.out().printf("%-8s %-22s %-22s %-16s %-6s %s%n", "SERVER", "RAFT", "HTTP", "RACK", "ALIVE", "REPLICAS");
        for (JsonNode s : servers) {
            session.out().printf("%-8d %-22s %-22s %-16s %-6s %d%n", s.path("nodeId").asLong(),
                    s.path("raftAddress").asString(""), s.path("httpAddress").asString(""), s.path("rack").asString(""),
                    s.path("alive").asBoolean() ? "yes" : "no", s.path("replicas").asInt());
        }
        session.out().printf("%d filer server(s)%n", servers.size());
    }
}
