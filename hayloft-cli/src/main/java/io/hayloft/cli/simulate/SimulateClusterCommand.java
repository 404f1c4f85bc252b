package io.hayloft.cli.simulate;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.simulate.cluster.ClusterSimulation;
import io.hayloft.cli.simulate.cluster.ScriptedEvent;
import io.hayloft.cli.simulate.cluster.SimulationConfig;
import io.hayloft.cli.simulate.cluster.SimulationReport;
import io.hayloft.http.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft simulate cluster}: a real master group under thousands of synthetic volume servers
 * (see {@link ClusterSimulation}); prints a line per interval, then the whole report as a table, and
 * writes it as JSON to {@code -json FILE} ({@code -} for standard output).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run real masters under thousands of synthetic volume servers, load and failures; measure them.")
final class SimulateClusterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-servers", "--servers"}, paramLabel = "N", defaultValue = "1000",
            description = "Synthetic volume servers (rounded down to a multiple of -racks). Default: ${DEFAULT-VALUE}.")
    private int servers;

    @Option(names = {"-volumesPerServer", "--volumesPerServer"}, paramLabel = "N", defaultValue = "100",
            description = "Volume replicas on each server. Default: ${DEFAULT-VALUE}.")
    private int volumesPerServer;

    @Option(names = {"-pulseSeconds", "--pulseSeconds"}, paramLabel = "S", defaultValue = "5",
            description = "Heartbeat period, seconds (fractions allowed). Default: ${DEFAULT-VALUE}.")
    private double pulseSeconds;

    @Option(names = {"-dataCenters", "--dataCenters"}, paramLabel = "N", defaultValue = "3",
            description = "Data centers. Default: ${DEFAULT-VALUE}.")
    private int dataCenters;

    @Option(names = {"-racks", "--racks"}, paramLabel = "N", defaultValue = "30",
            description = "Racks in all, spread over the data centers. Default: ${DEFAULT-VALUE}.")
    private int racks;

    @Option(names = {"-masters", "--masters"}, paramLabel = "N", defaultValue = "1",
            description = "Master processes, 1 or 3 (kill-leader needs 3). Default: ${DEFAULT-VALUE}.")
    private int masters;

    @Option(names = {"-duration", "--duration"}, paramLabel = "S", defaultValue = "60",
            description = "Seconds of load after the steady phase. Default: ${DEFAULT-VALUE}.")
    private double durationSeconds;

    @Option(names = {"-assignRate", "--assignRate"}, paramLabel = "N", defaultValue = "500",
            description = "Assigns per second. Default: ${DEFAULT-VALUE}.")
    private int assignRate;

    @Option(names = {"-lookupRate", "--lookupRate"}, paramLabel = "N", defaultValue = "500",
            description = "Lookups per second. Default: ${DEFAULT-VALUE}.")
    private int lookupRate;

    @Option(names = {"-events", "--events"}, paramLabel = "LIST", defaultValue = "",
            description = "Scripted events, TIME:ACTION[=ARG] separated by commas, TIME from the start of the load:"
                    + " kill-servers=N, kill-rack=NAME (rack1..), revive-servers, kill-leader, revive-masters."
                    + " Example: 10s:kill-servers=5,40s:revive-servers")
    private String events;

    @Option(names = {"-replication", "--replication"}, paramLabel = "XYZ", defaultValue = "001",
            description = "Replica placement of the volumes. Default: ${DEFAULT-VALUE}.")
    private String replication;

    @Option(names = {"-interval", "--interval"}, paramLabel = "S", defaultValue = "10",
            description = "Seconds between report lines. Default: ${DEFAULT-VALUE}.")
    private double intervalSeconds;

    @Option(names = {"-churn", "--churn"}, paramLabel = "N", defaultValue = "1",
            description = "Volumes per server whose counters change between two beats, on average. Default: ${DEFAULT-VALUE}.")
    private double churn;

    @Option(names = {"-fullReportEvery", "--fullReportEvery"}, paramLabel = "BEATS", defaultValue = "60",
            description = "Beats between two unrequested full reports (1: every beat is one). Default: ${DEFAULT-VALUE}.")
    private int fullReportEvery;

    @Option(names = {"-replicationGrace", "--replicationGrace"}, paramLabel = "S", defaultValue = "30",
            description = "The masters' -replicationGrace, seconds. Default: ${DEFAULT-VALUE}.")
    private double replicationGraceSeconds;

    @Option(names = {"-volumeSizeLimitMB", "--volumeSizeLimitMB"}, paramLabel = "MB", defaultValue = "30000",
            description = "The masters' -volumeSizeLimitMB. Default: ${DEFAULT-VALUE}.")
    private int volumeSizeLimitMB;

    @Option(names = {"-masterHeap", "--masterHeap"}, paramLabel = "SIZE", defaultValue = "2g",
            description = "The masters' -Xmx. Default: ${DEFAULT-VALUE}.")
    private String masterHeap;

    @Option(names = {"-fullReportsPerSecond", "--fullReportsPerSecond"}, paramLabel = "N", defaultValue = "200",
            description = "The masters' -fullReportsPerSecond (0: no limit). Default: ${DEFAULT-VALUE}.")
    private int fullReportsPerSecond;

    @Option(names = {"-masterCpus", "--masterCpus"}, paramLabel = "LIST", defaultValue = "",
            description = "Bind the master processes to these CPUs (taskset -c LIST, e.g. 0), so that the simulator,"
                    + " bound elsewhere, does not take the masters' core. Default: no binding.")
    private String masterCpus;

    @Option(names = {"-gcEveryInterval", "--gcEveryInterval"},
            description = "Force a full GC in the leader at every interval to report its heap after GC (pauses it).")
    private boolean gcEveryInterval;

    @Option(names = {"-port", "--port"}, paramLabel = "PORT", defaultValue = "19300",
            description = "First of the 21 ports used (masters' HTTP and Raft, the synthetic servers). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = {"-dir", "--dir"}, paramLabel = "DIR",
            description = "Where the masters keep state and logs. Default: a new temporary directory.")
    private Path dir;

    @Option(names = {"-seed", "--seed"}, paramLabel = "N", defaultValue = "1",
            description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = {"-json", "--json"}, paramLabel = "FILE",
            description = "Also write the report as JSON to FILE (- for standard output).")
    private String json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SimulationConfig config;
        try {
            config = new SimulationConfig(servers, volumesPerServer, seconds(pulseSeconds), dataCenters, racks, masters,
                    seconds(durationSeconds), assignRate, lookupRate, ScriptedEvent.parseAll(events),
                    ReplicaPlacement.parse(replication), seconds(intervalSeconds), churn, fullReportEvery,
                    seconds(replicationGraceSeconds), volumeSizeLimitMB, masterHeap, fullReportsPerSecond, masterCpus, port,
                    dir != null ? dir : Files.createTempDirectory("hayloft-simulate-cluster"), seed);
        } catch (HayloftException e) {
            spec.commandLine().getErr().println("hayloft simulate cluster: " + e.getMessage());
            return 2;
        }
        PrintWriter progress = "-".equals(json) ? spec.commandLine().getErr() : out;
        SimulationReport report = new ClusterSimulation(config, progress, gcEveryInterval).run();
        String text = io.hayloft.cli.simulate.cluster.ReportTable.render(report);
        if ("-".equals(json)) {
            progress.print(text);
            progress.flush();
            out.println(new String(Json.write(report, true), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            out.print(text);
            if (json != null) {
                Files.write(Path.of(json), Json.write(report, true));
                out.println("JSON report: " + json);
            }
        }
        out.flush();
        return 0;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
