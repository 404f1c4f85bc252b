package io.hayloft.cli.shell;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/**
 * Prints a {@code POST /vol/fix/replication} answer: the under-replicated volumes with the copies
 * planned (or made), the over-replicated ones with the replicas to remove, and the unfixable ones.
 */
final class ReplicationPlanLines {
    private ReplicationPlanLines() {
    }

    /**
     * Prints {@code plan} to {@code out}.
     *
     * @return how many planned actions failed (0 for a dry run)
     */
    static int print(JsonNode plan, PrintWriter out) {
        boolean applied = plan.path("applied").asBoolean();
        int failed = 0;
        JsonNode under = plan.path("underReplicated");
        out.printf("under-replicated volumes: %d%n", under.size());
        for (JsonNode v : under) {
            out.printf("  volume %d  collection '%s'  replication %s  replicas %s%n", v.path("volume").asLong(),
                    v.path("collection").asString(""), v.path("replication").asString(""), list(v.path("replicas")));
            for (JsonNode c : v.path("copies")) {
                out.printf("    copy %s -> %s  %s%n", c.path("source").asString(""), c.path("target").asString(""),
                        outcome(applied, c));
                failed += applied && !c.path("done").asBoolean() ? 1 : 0;
            }
        }
        JsonNode over = plan.path("overReplicated");
        out.printf("over-replicated volumes: %d%n", over.size());
        for (JsonNode v : over) {
            out.printf("  volume %d  replicas %s%n    remove %s  %s%n", v.path("volume").asLong(),
                    list(v.path("replicas")), list(v.path("remove")), outcome(applied, v));
            failed += applied && !v.path("done").asBoolean() ? 1 : 0;
        }
        JsonNode unfixable = plan.path("unfixable");
        out.printf("unfixable volumes: %d%n", unfixable.size());
        for (JsonNode v : unfixable) {
            out.printf("  volume %d: %s%n", v.path("volume").asLong(), v.path("reason").asString(""));
        }
        return failed;
    }

    /** {@code planned}, {@code done} or {@code FAILED: why} for one action. */
    static String outcome(boolean applied, JsonNode action) {
        if (!applied) {
            return "planned";
        }
        if (action.path("done").asBoolean()) {
            return "done";
        }
        String error = action.path("error").asString("");
        return error.isEmpty() ? "FAILED" : "FAILED: " + error;
    }

    /** A JSON array of strings as {@code a, b}. */
    static String list(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : array) {
            sb.append(sb.isEmpty() ? "" : ", ").append(n.asString());
        }
        return sb.isEmpty() ? "(none)" : sb.toString();
    }
}
