package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import java.io.PrintWriter;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.rebuild [-collection C] [-apply]}: the erasure-coded volumes that lost shards, where the
 * leader would rebuild them (servers with room, at most 4 shards of a volume on each), and the volumes
 * with fewer than 10 shards left, which cannot be rebuilt. A dry run unless {@code -apply}; with it, the
 * outcome of each rebuild.
 */
final class EcRebuildVerb implements ShellVerb {
    @Override
    public String name() {
        return "ec.rebuild";
    }

    @Override
    public String summary() {
        return "rebuild lost shards of erasure-coded volumes (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "[-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode r = PlanCall.forCollection(args, session, MasterApi.EC_REBUILD,
                "dry run: nothing changed; add -apply to rebuild");
        int failed = print(r, session.out());
        if (failed > 0) {
            throw new ShellFailedException(failed + " erasure-coded volume(s) not rebuilt");
        }
    }

    /** Prints the report; returns how many volumes are unrecoverable or failed to rebuild. */
    static int print(JsonNode r, PrintWriter out) {
        int failed = 0;
        for (JsonNode m : r.path("missing")) {
            StringBuilder where = new StringBuilder();
            for (Map.Entry<String, JsonNode> t : m.path("targets").properties()) {
                where.append(where.isEmpty() ? "" : ", ").append(ReplicationPlanLines.list(t.getValue()))
                        .append(" on ").append(t.getKey());
            }
            String error = m.path("error").asString("");
            if (!error.isEmpty()) {
                failed++;
            }
            out.printf("volume %d: shards %s lost; rebuild %s%s%n", m.path("volume").asLong(),
                    ReplicationPlanLines.list(m.path("shards")), where.isEmpty() ? "nowhere" : where,
                    !error.isEmpty() ? ": FAILED " + error : m.path("done").asBoolean() ? ": done" : "");
        }
        for (JsonNode u : r.path("unrecoverable")) {
            failed++;
            out.printf("volume %d: only shards %s left; fewer than 10, it cannot be rebuilt%n",
                    u.path("volume").asLong(), ReplicationPlanLines.list(u.path("present")));
        }
        out.printf("%d erasure-coded volume(s), %d whole%n", r.path("volumes").asLong(), r.path("whole").asLong());
        return failed;
    }
}
