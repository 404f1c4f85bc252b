package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to simulate. Servers are rounded down to a multiple of {@code racks}, racks to a multiple of
 * {@code dataCenters}, so every rack holds as many servers.
 *
 * @param servers          synthetic volume servers
 * @param volumesPerServer volume replicas on each server
 * @param pulse            heartbeat period (the masters' {@code -pulseSeconds})
 * @param dataCenters      data centers
 * @param racks            racks in all
 * @param masters          master processes: 1 or 3
 * @param duration         how long the load runs after every server registered
 * @param assignRate       {@code /dir/assign} requests per second (0: none)
 * @param lookupRate       {@code /dir/lookup} requests per second (0: none)
 * @param events           scripted failures, by time from the start of the load
 * @param replication      replica placement of the volumes
 * @param interval         how often a report line is taken
 * @param churn            volumes per server whose counters change between two beats, on average
 * @param fullReportEvery  beats between two unrequested full reports
 * @param replicationGrace the masters' {@code -replicationGrace}
 * @param volumeSizeLimitMB the masters' {@code -volumeSizeLimitMB}
 * @param masterHeap       the masters' {@code -Xmx}, such as {@code 2g}
 * @param fullReportsPerSecond the masters' {@code -fullReportsPerSecond} (0: no limit)
 * @param masterCpus       CPUs the master processes are bound to ({@code taskset -c}, such as {@code 0}); empty: no
 *                         binding. Bound to one core, away from the simulator's, the masters' CPU and latencies are
 *                         theirs, not the simulator's beats and load competing for the same cores
 * @param firstPort        first port of the range used: masters' HTTP, their Raft, the admin endpoint
 * @param dir              where the masters keep their state and logs
 * @param seed             seed of every random choice
 */
public record SimulationConfig(int servers, int volumesPerServer, Duration pulse, int dataCenters, int racks,
                               int masters, Duration duration, int assignRate, int lookupRate,
                               List<ScriptedEvent> events, ReplicaPlacement replication, Duration interval,
                               double churn, int fullReportEvery, Duration replicationGrace, int volumeSizeLimitMB,
                               String masterHeap, int fullReportsPerSecond, String masterCpus, int firstPort, Path dir,
                               long seed) {
    public SimulationConfig {
        masterCpus = masterCpus == null ? "" : masterCpus;
        HayloftException.checkArgument(masterCpus.matches("[0-9]*([-,][0-9]+)*"),
                "-masterCpus must be a CPU list such as 0 or 0-1 or 0,2, got '" + masterCpus + "'");
        HayloftException.checkArgument(dataCenters >= 1, "-dataCenters must be 1 or more");
        HayloftException.checkArgument(racks >= dataCenters, "-racks must be at least -dataCenters");
        HayloftException.checkArgument(servers >= racks, "-servers must be at least -racks (" + racks + ")");
        HayloftException.checkArgument(volumesPerServer >= 1 && volumesPerServer <= 10_000,
                "-volumesPerServer must be 1..10000");
        HayloftException.checkArgument(masters == 1 || masters == 3, "-masters must be 1 or 3");
        HayloftException.checkArgument(!pulse.isNegative() && pulse.toMillis() >= 100, "-pulseSeconds must be >= 0.1");
        HayloftException.checkArgument(!duration.isNegative(), "-duration must not be negative");
        HayloftException.checkArgument(assignRate >= 0 && lookupRate >= 0, "rates must not be negative");
        HayloftException.checkArgument(interval.toMillis() >= 100, "-interval must be >= 100ms");
        HayloftException.checkArgument(churn >= 0, "-churn must not be negative");
        HayloftException.checkArgument(fullReportEvery >= 1, "-fullReportEvery must be 1 or more");
        HayloftException.checkArgument(fullReportsPerSecond >= 0, "-fullReportsPerSecond must not be negative");
        HayloftException.checkArgument(firstPort >= 1024 && firstPort <= 65535 - 40, "-port must be 1024..65495");
        racks = racks - racks % dataCenters;
        servers = servers - servers % racks;
        events = List.copyOf(events);
        boolean needsThree = events.stream().anyMatch(e -> e.action() == ScriptedEvent.Action.KILL_LEADER);
        HayloftException.checkArgument(!needsThree || masters == 3, "kill-leader needs -masters 3");
    }

    /** Master {@code i}'s HTTP port (0-based). */
    int masterPort(int i) {
        return firstPort + i;
    }

    /** Master {@code i}'s Raft port. */
    int raftPort(int i) {
        return firstPort + 10 + i;
    }

    /** The port every synthetic server's admin calls go to. */
    int adminPort() {
        return firstPort + 20;
    }

    /** Distinct volumes in the cluster. */
    int volumes() {
        return servers * volumesPerServer / replication.copies();
    }
}
