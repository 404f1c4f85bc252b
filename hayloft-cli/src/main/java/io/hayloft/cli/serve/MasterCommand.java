package io.hayloft.cli.serve;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.options.ReplicationConverter;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.http.WhiteList;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hayloft master}: one master of the cluster, until SIGINT/SIGTERM. */
@Command(name = "master", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Start a master: topology, volume placement and file ids, replicated with Raft.")
public final class MasterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-mdir", "--mdir"}, paramLabel = "DIR", defaultValue = "hayloft-data/master",
            description = "Where the Raft log, snapshots and state live. Default: ${DEFAULT-VALUE}.")
    Path metaDir;

    @Option(names = {"-port", "--port"}, defaultValue = "9333", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-port.raft", "--port.raft"}, paramLabel = "PORT",
            description = "Raft (gRPC) port. Default: HTTP port + 10000.")
    Integer raftPort;

    @Option(names = {"-ip", "--ip"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name other servers and clients reach this master at. Default: ${DEFAULT-VALUE}.")
    String ip;

    @Option(names = {"-ip.bind", "--ip.bind"}, paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bindIp;

    @Option(names = {"-peers", "--peers"}, split = ",", paramLabel = "HOST:PORT",
            description = "Founding a group: every master's HTTP address, this one included, comma separated (1, 3"
                    + " or 5), the same list on each (raft port = HTTP port + 10000). Joining a running group:"
                    + " running masters only, not this one (e.g. -peers localhost:9333); it asks them to add it."
                    + " Default: none, run alone.")
    List<String> peers = List.of();

    @Option(names = {"-defaultReplication", "--defaultReplication"}, paramLabel = "XYZ", defaultValue = "000",
            converter = ReplicationConverter.class,
            description = "Replica placement when a request names none. Default: ${DEFAULT-VALUE}.")
    ReplicaPlacement defaultReplication;

    @Option(names = {"-volumeSizeLimitMB", "--volumeSizeLimitMB"}, paramLabel = "MB", defaultValue = "30000",
            description = "A volume stops taking writes at this size. Default: ${DEFAULT-VALUE}.")
    long volumeSizeLimitMb;

    @Option(names = {"-whiteList", "--whiteList"}, split = ",", paramLabel = "IP|CIDR",
            description = "Only these IPs / CIDR blocks (IPv4, IPv6) may assign, submit, grow, delete collections, change membership and heartbeat; list every master and volume"
                    + " server of the cluster too. Reads stay open. Default: anyone.")
    List<String> whiteList = List.of();

    @Option(names = {"-pulseSeconds", "--pulseSeconds"}, paramLabel = "S", defaultValue = "5",
            description = "Heartbeat period of volume servers, seconds. Default: ${DEFAULT-VALUE}.")
    int pulseSeconds;

    @Option(names = {"-garbageThreshold", "--garbageThreshold"}, paramLabel = "RATIO", defaultValue = "0.3",
            description = "Vacuum volumes with more garbage than this. Default: ${DEFAULT-VALUE}.")
    double garbageThreshold;

    @Option(names = {"-vacuumIntervalMinutes", "--vacuumIntervalMinutes"}, paramLabel = "MIN", defaultValue = "15",
            description = "Pause between two automatic vacuum passes of the leader, minutes. Default: ${DEFAULT-VALUE}.")
    int vacuumIntervalMinutes;

    @Mixin
    ReplicationOptions replication;

    private Duration vacuumInterval() {
        HayloftException.checkArgument(vacuumIntervalMinutes > 0,
                "-vacuumIntervalMinutes must be positive, got " + vacuumIntervalMinutes);
        return Duration.ofMinutes(vacuumIntervalMinutes);
    }

    /** The master's config from the options; a rejected value is a usage error. */
    MasterConfig config() {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(port, "-port");
            return replication.applyTo(MasterConfig.defaults(metaDir))
                    .withHosts(bindIp, ip)
                    .withPorts(port, raftPort != null ? raftPort : ServeOptions.raftPortFor(port))
                    .withPeers(peers)
                    .withDefaultReplication(defaultReplication)
                    .withVolumeSizeLimit(ServeOptions.megabytes(volumeSizeLimitMb, "-volumeSizeLimitMB"))
                    .withPulse(ServeOptions.seconds(pulseSeconds, "-pulseSeconds"))
                    .withGarbageThreshold(garbageThreshold)
                    .withVacuumInterval(vacuumInterval())
                    .withWhiteList(WhiteList.parse(whiteList))
                    .validate();
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        MasterConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        ServeOptions.requireFree(config.bindHost(), config.raftPort(), "-port.raft");
        MasterServer master = MasterServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft master on http://%s (raft port %d), metadata in %s%n", master.url(),
                master.raftPort(), config.metaDir().toAbsolutePath().normalize());
        out.flush();
        UntilShutdown.await(List.of(master));
        return 0;
    }
}
