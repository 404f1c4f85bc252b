package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.ReplicaPlacement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Configurations for the simulator's tests. */
final class SimulationFixtures {
    private SimulationFixtures() {
    }

    static SimulationConfig config(int servers, int volumesPerServer, int dataCenters, int racks, String replication) {
        return new SimulationConfig(servers, volumesPerServer, Duration.ofSeconds(5), dataCenters, racks, 1,
                Duration.ofSeconds(10), 0, 0, List.of(), ReplicaPlacement.parse(replication), Duration.ofSeconds(5), 1,
                60, Duration.ofSeconds(30), 1000, "256m", 200, "", 20000, Path.of("unused"), 7);
    }
}
