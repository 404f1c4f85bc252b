package io.hayloft.cli.simulate.cluster;

import java.util.List;

/**
 * What a simulation measured, as written to JSON ({@code -json}) and drawn as a table ({@link
 * ReportTable}). Shares are of one core (1.0 = one core busy); sizes in MiB unless named bytes.
 *
 * @param setup     the simulated cluster
 * @param startup   how long the cluster took to come up
 * @param steady    the masters under heartbeats alone, every server registered
 * @param intervals one line per interval of the load phase
 * @param events    the outcome of each scripted event
 * @param end       the whole load phase
 */
public record SimulationReport(Setup setup, Startup startup, Steady steady, List<Interval> intervals,
                               List<EventResult> events, End end) {

    /** The simulated cluster. */
    public record Setup(int servers, int volumesPerServer, int volumes, long replicas, String replication,
                        int masters, double pulseSeconds, int dataCenters, int racks, int assignRate,
                        int lookupRate, int fullReportEvery) {
    }

    /**
     * @param leaderSeconds       start of the master processes to a leader answering assigns
     * @param registrationSeconds every server's node id (one Raft entry each)
     * @param topologySeconds     heartbeats started to the leader knowing every server and volume
     */
    public record Startup(double leaderSeconds, double registrationSeconds, double topologySeconds) {
    }

    /**
     * @param seconds                 how long it was measured
     * @param idleCpuShare            the leader's CPU before any server registered (3 s right after election)
     * @param leaderCpuShare          the leader's CPU under heartbeats alone
     * @param allMastersCpuShare      every master's CPU together
     * @param cpuMicrosPerBeat        the leader's CPU above idle per heartbeat it received
     * @param heartbeatsPerSecond     beats each master received per second
     * @param heartbeatBytesPerSecond bytes of beats sent to all masters per second
     * @param heapAfterGcMiB          the leader's heap after a forced full GC
     * @param heapBytesPerReplica     that heap divided by the replicas it tracks
     * @param rssMiB                  the leader's resident set
     */
    public record Steady(double seconds, double idleCpuShare, double leaderCpuShare, double allMastersCpuShare, double cpuMicrosPerBeat,
                         double heartbeatsPerSecond, double heartbeatBytesPerSecond, double heapAfterGcMiB,
                         double heapBytesPerReplica, long rssMiB) {
    }

    /**
     * One interval of the load phase.
     *
     * @param atSeconds      end of the interval, from the start of the load
     * @param aliveServers   synthetic servers alive
     * @param masterNodes    servers the leader knows
     * @param masterVolumes  volumes the leader knows
     * @param leaderCpuShare the leader's CPU over the interval
     * @param heapUsedMiB    the leader's heap in use (no forced GC: garbage included) or, with
     *                       {@code -gcEveryInterval}, after a forced GC
     * @param rssMiB         the leader's resident set
     * @param fullReports    full reports sent over the interval
     * @param deltas         deltas sent over the interval
     * @param assign         assign latencies over the interval
     * @param lookup         lookup latencies over the interval
     * @param raftLogBytes   the leader's Raft log segments
     * @param raftSnapshotBytes the leader's Raft snapshots
     */
    public record Interval(double atSeconds, int aliveServers, long masterNodes, long masterVolumes,
                           double leaderCpuShare, double heapUsedMiB, long rssMiB, long fullReports, long deltas,
                           LatencySample.Percentiles assign, LatencySample.Percentiles lookup, long raftLogBytes,
                           long raftSnapshotBytes) {
    }

    /**
     * @param event           the event as scripted
     * @param atSeconds       when it ran, from the start of the load
     * @param servers         servers it killed or revived
     * @param death           for a kill of servers: detection and re-replication; null otherwise
     * @param failoverSeconds for a leader kill: kill to a new leader answering assigns; -1 otherwise or never
     */
    public record EventResult(String event, double atSeconds, int servers, DeathWatch.Outcome death,
                              double failoverSeconds) {
    }

    /**
     * @param loadSeconds       how long the load ran
     * @param assign            assign latencies over the whole load
     * @param lookup            lookup latencies over the whole load
     * @param heapAfterGcMiB    the leader's heap after a forced full GC, at the end
     * @param rssMiB            the leader's resident set at the end
     * @param raftLogBytes      the leader's Raft log segments at the end
     * @param raftSnapshotBytes the leader's Raft snapshots at the end
     * @param fullRequested     full reports masters asked for over the whole run
     * @param fullDeferred      full reports masters deferred (over their budget) over the whole run
     */
    public record End(double loadSeconds, LatencySample.Percentiles assign, LatencySample.Percentiles lookup,
                      double heapAfterGcMiB, long rssMiB, long raftLogBytes, long raftSnapshotBytes,
                      long fullRequested, long fullDeferred) {
    }
}
