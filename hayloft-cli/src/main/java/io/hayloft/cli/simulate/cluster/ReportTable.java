package io.hayloft.cli.simulate.cluster;

import java.util.Locale;

/** Draws a {@link SimulationReport} as text tables. Pure. */
public final class ReportTable {
    private static final String HEADER = String.format(Locale.ROOT,
            "%7s %6s %6s %8s %6s %8s %6s %6s %6s | %8s %7s %7s %5s | %8s %7s %7s %5s | %9s %9s",
            "t(s)", "alive", "nodes", "volumes", "cpu%", "heapMiB", "rss", "full", "delta",
            "assigns", "p50ms", "p99ms", "err", "lookups", "p50ms", "p99ms", "err", "raftLog", "snapshot");

    private ReportTable() {
    }

    /** One interval as a table row, with the header first when {@code header}. */
    static String intervalLine(SimulationReport.Interval i, boolean header) {
        String row = String.format(Locale.ROOT,
                "%7.1f %6d %6d %8d %6s %8.1f %6d %6d %6d | %8d %7.2f %7.2f %5d | %8d %7.2f %7.2f %5d | %9s %9s",
                i.atSeconds(), i.aliveServers(), i.masterNodes(), i.masterVolumes(),
                i.leaderCpuShare() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", i.leaderCpuShare() * 100),
                i.heapUsedMiB(), i.rssMiB(), i.fullReports(), i.deltas(), i.assign().count(), i.assign().p50(),
                i.assign().p99(), i.assign().errors(), i.lookup().count(), i.lookup().p50(), i.lookup().p99(),
                i.lookup().errors(), bytes(i.raftLogBytes()), bytes(i.raftSnapshotBytes()));
        return header ? HEADER + "\n" + row : row;
    }

    /** The whole report: setup, start-up, steady phase, intervals, events and the end. */
    public static String render(SimulationReport r) {
        StringBuilder b = new StringBuilder();
        SimulationReport.Setup s = r.setup();
        b.append(String.format(Locale.ROOT, "cluster: %d servers x %d volumes = %d replicas of %d volumes (%s), %d"
                        + " masters, %d DCs, %d racks, pulse %.1f s, full report every %d beats%n", s.servers(),
                s.volumesPerServer(), s.replicas(), s.volumes(), s.replication(), s.masters(), s.dataCenters(),
                s.racks(), s.pulseSeconds(), s.fullReportEvery()));
        SimulationReport.Startup st = r.startup();
        b.append(String.format(Locale.ROOT, "start-up: leader %.1f s, registration %.1f s, full topology %.1f s%n",
                st.leaderSeconds(), st.registrationSeconds(), st.topologySeconds()));
        SimulationReport.Steady h = r.steady();
        b.append(String.format(Locale.ROOT, "heartbeats alone (%.0f s): leader CPU %.1f%% of a core (idle %.1f%%, all"
                        + " masters %.1f%%), %.1f us per beat above idle, %.0f beats/s, %.2f MB/s sent; heap after GC %.1f MiB"
                        + " (%.0f B per replica), RSS %d MiB%n", h.seconds(), h.leaderCpuShare() * 100, h.idleCpuShare() * 100,
                h.allMastersCpuShare() * 100, h.cpuMicrosPerBeat(), h.heartbeatsPerSecond(),
                h.heartbeatBytesPerSecond() / 1e6, h.heapAfterGcMiB(), h.heapBytesPerReplica(), h.rssMiB()));
        for (int i = 0; i < r.intervals().size(); i++) {
            b.append(intervalLine(r.intervals().get(i), i == 0)).append('\n');
        }
        for (SimulationReport.EventResult e : r.events()) {
            b.append(String.format(Locale.ROOT, "event %s at %.1f s", e.event(), e.atSeconds()));
            if (e.death() != null) {
                DeathWatch.Outcome d = e.death();
                b.append(String.format(Locale.ROOT, ": %d servers, dead detected after %s, %d replicas lost (%d"
                                + " without a live copy), %d re-created, first copy %s, all re-created %s", e.servers(),
                        secs(d.detectedSeconds()), d.lostReplicas(), d.unrecoverable(), d.restoredReplicas(),
                        secs(d.firstCopySeconds()), secs(d.restoredSeconds())));
            } else if (e.event().contains("kill-leader")) {
                b.append(": failover ").append(secs(e.failoverSeconds()));
            } else if (e.servers() > 0) {
                b.append(": ").append(e.servers()).append(" servers");
            }
            b.append('\n');
        }
        SimulationReport.End end = r.end();
        b.append(String.format(Locale.ROOT, "end (%.0f s of load): assign %d (p50 %.2f, p99 %.2f, p99.9 %.2f ms,"
                        + " %d errors), lookup %d (p50 %.2f, p99 %.2f, p99.9 %.2f ms, %d errors); heap after GC %.1f"
                        + " MiB, RSS %d MiB, Raft log %s, snapshot %s; full reports asked for: %d, deferred: %d%n",
                end.loadSeconds(), end.assign().count(), end.assign().p50(), end.assign().p99(), end.assign().p999(),
                end.assign().errors(), end.lookup().count(), end.lookup().p50(), end.lookup().p99(),
                end.lookup().p999(), end.lookup().errors(), end.heapAfterGcMiB(), end.rssMiB(),
                bytes(end.raftLogBytes()), bytes(end.raftSnapshotBytes()), end.fullRequested(), end.fullDeferred()));
        return b.toString();
    }

    private static String secs(double s) {
        return s < 0 ? "not yet" : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fKiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1fMiB", n / 1048576.0);
    }
}
