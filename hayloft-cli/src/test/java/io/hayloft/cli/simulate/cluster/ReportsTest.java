package io.hayloft.cli.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the master's metrics and drawing the report. */
class ReportsTest {
    @Test
    void readsNodesAndVolumesFromPrometheusTextWithOrWithoutLabels() {
        String text = """
                # HELP hayloft_master_nodes live volume servers
                hayloft_master_nodes{role="master"} 48.0
                hayloft_master_volumes 500.0
                hayloft_master_volumes_other 3.0
                """;

        assertThat(ClusterSimulation.parseKnown(text)).containsExactly(48, 500);
        assertThat(ClusterSimulation.parseKnown("")).containsExactly(-1, -1);
    }

    @Test
    void theTableShowsEveryPartOfTheReport() {
        LatencySample.Percentiles p = new LatencySample.Percentiles(100, 1, 1.5, 4.25, 9, 12);
        SimulationReport r = new SimulationReport(
                new SimulationReport.Setup(50, 10, 250, 500, "001", 1, 0.5, 1, 5, 10, 10, 60),
                new SimulationReport.Startup(3, 1, 2),
                new SimulationReport.Steady(2, 0.01, 0.05, 0.05, 120, 100, 2e5, 20, 41943, 210),
                List.of(new SimulationReport.Interval(2, 49, 49, 250, -1, 21, 211, 1, 90, p, p, 65536, 0)),
                List.of(new SimulationReport.EventResult("1.0s:kill-servers=1", 1, 1,
                        new DeathWatch.Outcome(10, 0, 10, 3.2, 4.1, 6.5), -1),
                        new SimulationReport.EventResult("5.0s:kill-leader", 5, 0, null, 2.75)),
                new SimulationReport.End(10, p, p, 20.5, 215, 70000, 0, 3, 4));

        String table = ReportTable.render(r);

        assertThat(table).contains("50 servers x 10 volumes = 500 replicas of 250 volumes (001)")
                .contains("leader CPU 5.0% of a core (idle 1.0%").contains("41943 B per replica")
                .contains("dead detected after 3.20 s").contains("all re-created 6.50 s")
                .contains("failover 2.75 s").contains("p99 4.25").contains("Raft log 68.4KiB");
        assertThat(table.lines().filter(l -> l.startsWith("    2.0")).findFirst().orElseThrow())
                .as("an unknown CPU share shows as -").contains(" - ");
    }
}
