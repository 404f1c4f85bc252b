package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.balance [-collection C] [-apply]}: the moves that even out volume counts across
 * servers (each server's share relative to its slots, placements kept), with every server's count
 * before and after. A dry run unless {@code -apply}; with it, the outcome of each move.
 */
final class VolumeBalanceVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.balance";
    }

    @Override
    public String summary() {
        return "move volumes to even out the servers' volume counts (dry run unless -apply)";
    }

    @Override
    public String usage() {
        return "[-collection NAME] [-apply]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        JsonNode plan = PlanCall.forCollection(args, session, MasterApi.BALANCE,
                "dry run: nothing moved; add -apply to act");
        boolean applied = plan.path("applied").asBoolean();
        TreeSet<String> servers = new TreeSet<>();
        plan.path("before").properties().forEach(e -> servers.add(e.getKey()));
        plan.path("after").properties().forEach(e -> servers.add(e.getKey()));
        session.out().printf("%-24s %7s %7s%n", "SERVER", "BEFORE", "AFTER");
        for (String s : servers) {
            session.out().printf("%-24s %7d %7d%n", s, plan.path("before").path(s).asLong(0),
                    plan.path("after").path(s).asLong(0));
        }
        JsonNode moves = plan.path("moves");
        session.out().printf("moves: %d%n", moves.size());
        int failed = 0;
        for (JsonNode m : moves) {
            session.out().printf("  volume %d  %s -> %s  %s%n", m.path("volume").asLong(),
                    m.path("source").asString(""), m.path("target").asString(""),
                    ReplicationPlanLines.outcome(applied, m));
            failed += applied && !m.path("done").asBoolean() ? 1 : 0;
        }
        if (failed > 0) {
            throw new ShellFailedException(failed + " move(s) failed");
        }
    }
}
