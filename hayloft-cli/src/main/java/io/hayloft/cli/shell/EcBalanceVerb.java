package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code ec.balance [-collection C] [-apply]}: the shard moves the leader would make to spread each
 * erasure-coded volume over as many racks and servers as there are, then even out the servers' shard
 * counts, never above 4 shards of a volume on a server (or, with 4 racks or more, a rack). Each move is
 * a verified copy, registered by the target's heartbeat, before the source drops the shards. A dry run
 * unless {@code -apply}; with it, the outcome of each move.
 */
final class EcBalanceVerb implements ShellVerb {
    @Override
    public String name() {
        return "ec.balance";
    }

    @Override
    public String summary() {
        return "spread erasure-coded shards evenly over servers and racks (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "[-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode r = PlanCall.forCollection(args, session, MasterApi.EC_BALANCE,
                "dry run: nothing changed; add -apply to move");
        int failed = 0;
        int shards = 0;
        for (JsonNode m : r.path("moves")) {
            String error = m.path("error").asString("");
            failed += error.isEmpty() ? 0 : 1;
            shards += m.path("shards").size();
            session.out().printf("volume %d: shards %s from %s to %s%s%n", m.path("volume").asLong(),
                    ReplicationPlanLines.list(m.path("shards")), m.path("from").asString(""),
                    m.path("to").asString(""), !error.isEmpty() ? ": FAILED " + error
                            : m.path("done").asBoolean() ? ": done" : "");
        }
        session.out().printf("%d erasure-coded volume(s), %d shard(s) to move%s%n", r.path("volumes").asLong(),
                shards, shards == 0 ? ": balanced" : "");
        if (failed > 0) {
            throw new ShellFailedException(failed + " move(s) failed");
        }
    }
}
