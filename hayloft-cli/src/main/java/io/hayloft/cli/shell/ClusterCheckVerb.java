package io.hayloft.cli.shell;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code cluster.check}: checks the cluster's health and prints one verdict a line, then
 * {@code OK} or {@code PROBLEMS: n} (and fails, so {@code hayloft shell} exits with 1):
 * <ul>
 *   <li>a leader is elected and every master names the same one ({@code /cluster/status});</li>
 *   <li>every volume has its placement's replica count (a dry run of {@code /vol/fix/replication}:
 *       under-, over-replicated and unfixable volumes are problems);</li>
 *   <li>every erasure-coded volume has all 14 shards, none lost beyond repair, and no server (or rack)
 *       holding more than 4 of one volume (a dry run of {@code /vol/ec/rebuild});</li>
 *   <li>free volume slots are left ({@code /vol/status});</li>
 *   <li>every volume server answers its {@code /status}.</li>
 * </ul>
 * Changes nothing.
 */
final class ClusterCheckVerb implements ShellVerb {
    @Override
    public String name() {
        return "cluster.check";
    }

    @Override
    public String summary() {
        return "check leader agreement, replica counts, free slots and volume servers";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly();
        Verdicts v = new Verdicts(session.out());
        checkLeader(session, v);
        checkReplication(session, v);
        checkErasureCoding(session, v);
        try {
            VolumeTopology topology = VolumeTopology.read(session.masters());
            v.judge(topology.freeSlots() > 0, topology.freeSlots() + " free volume slot(s) of " + topology.maxSlots());
            for (String server : topology.servers()) {
                try {
                    session.masters().getFrom(server, VolumeApi.STATUS.query());
                    v.ok("volume server " + server + " reachable");
                } catch (HayloftException e) {
                    v.problem("volume server " + server + " unreachable: " + e.getMessage());
                }
            }
            if (topology.servers().isEmpty()) {
                v.problem("no volume server has registered");
            }
        } catch (HayloftException e) {
            v.problem("cannot read the volume layout: " + e.getMessage());
        }
        if (v.problems == 0) {
            session.out().println("OK");
            return;
        }
        session.out().println("PROBLEMS: " + v.problems);
        throw new ShellFailedException("cluster.check found " + v.problems + " problem(s)");
    }

    private static void checkLeader(ShellSession session, Verdicts v) {
        JsonNode status;
        try {
            status = session.masters().get(MasterApi.CLUSTER_STATUS.query());
        } catch (HayloftException e) {
            v.problem("no master answers /cluster/status: " + e.getMessage());
            return;
        }
        String leader = status.path("Leader").asString("");
        if (leader.isEmpty()) {
            v.problem("no leader elected");
            return;
        }
        Set<String> masters = new LinkedHashSet<>();
        status.path("Raft").path("Members").forEach(m -> masters.add(m.path("Address").asString("")));
        status.path("Peers").forEach(p -> masters.add(p.asString("")));
        masters.remove("");
        List<String> disagreeing = new ArrayList<>();
        for (String master : masters) {
            try {
                String seen = session.masters().getFrom(master, MasterApi.CLUSTER_STATUS.query()).path("Leader").asString("");
                if (!seen.equals(leader)) {
                    disagreeing.add(master + " names " + (seen.isEmpty() ? "no leader" : seen));
                }
            } catch (HayloftException e) {
                disagreeing.add(master + " unreachable");
            }
        }
        if (disagreeing.isEmpty()) {
            v.ok("leader " + leader + ", agreed by " + masters.size() + " master(s)");
        } else {
            v.problem("leader " + leader + " not agreed: " + String.join("; ", disagreeing));
        }
    }

    private static void checkReplication(ShellSession session, Verdicts v) {
        JsonNode plan;
        try {
            plan = session.masters().post(MasterApi.FIX_REPLICATION.query());
        } catch (HayloftException e) {
            v.problem("cannot check replica counts: " + e.getMessage());
            return;
        }
        int before = v.problems;
        for (JsonNode u : plan.path("underReplicated")) {
            v.problem("volume " + u.path("volume").asLong() + " under-replicated: replication "
                    + u.path("replication").asString("") + ", replicas "
                    + ReplicationPlanLines.list(u.path("replicas")));
        }
        for (JsonNode o : plan.path("overReplicated")) {
            v.problem("volume " + o.path("volume").asLong() + " over-replicated: replicas "
                    + ReplicationPlanLines.list(o.path("replicas")));
        }
        for (JsonNode x : plan.path("unfixable")) {
            v.problem("volume " + x.path("volume").asLong() + " unfixable: " + x.path("reason").asString(""));
        }
        if (v.problems == before) {
            v.ok("every volume has its placement's replica count");
        }
    }

    private static void checkErasureCoding(ShellSession session, Verdicts v) {
        JsonNode r;
        try {
            r = session.masters().post(MasterApi.EC_REBUILD.query());
        } catch (HayloftException e) {
            v.problem("cannot check erasure-coded volumes: " + e.getMessage());
            return;
        }
        if (r.path("volumes").asLong() == 0) {
            return;
        }
        int before = v.problems;
        for (JsonNode m : r.path("missing")) {
            v.problem("erasure-coded volume " + m.path("volume").asLong() + " lost shards "
                    + ReplicationPlanLines.list(m.path("shards")) + " (ec.rebuild -apply rebuilds them)");
        }
        for (JsonNode u : r.path("unrecoverable")) {
            v.problem("erasure-coded volume " + u.path("volume").asLong() + " unrecoverable: only shards "
                    + ReplicationPlanLines.list(u.path("present")) + " left");
        }
        for (JsonNode u : r.path("unsafe")) {
            v.problem("erasure-coded volume " + u.path("volume").asLong() + " has " + u.path("shards").asLong()
                    + " shards on " + u.path("where").asString("") + ": losing it loses data");
        }
        if (v.problems == before) {
            v.ok(r.path("volumes").asLong() + " erasure-coded volume(s), every one whole");
        }
    }

    /** Prints verdict lines and counts the problems. */
    private static final class Verdicts {
        private final PrintWriter out;
        private int problems;

        Verdicts(PrintWriter out) {
            this.out = out;
        }

        void ok(String what) {
            out.println("ok       " + what);
        }

        void problem(String what) {
            problems++;
            out.println("PROBLEM  " + what);
        }

        void judge(boolean good, String what) {
            if (good) {
                ok(what);
            } else {
                problem(what);
            }
        }
    }
}
