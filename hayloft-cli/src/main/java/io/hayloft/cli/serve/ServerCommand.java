package io.hayloft.cli.serve;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.options.ReplicationConverter;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.filer.rules.PathRules;
import io.hayloft.http.WhiteList;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Server;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft server}: a master, a volume server, a filer and an S3 gateway in one process, sharing one
 * data directory ({@code <dir>/master}, {@code <dir>/volume}, {@code <dir>/filer}, {@code <dir>/s3}), until
 * SIGINT/SIGTERM.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Start a master, a volume server, a filer and an S3 gateway in one process: the quickest way to"
                + " run Hayloft.")
public final class ServerCommand implements Callable<Integer> {
    /** How long start-up waits for the volume server's first heartbeat before saying it is ready. */
    private static final java.time.Duration REGISTRATION_WAIT = java.time.Duration.ofSeconds(30);
    @Spec
    private CommandSpec spec;

    @Option(names = {"-dir", "--dir"}, paramLabel = "DIR", defaultValue = "hayloft-data",
            description = "Data directory: master metadata in DIR/master, volumes in DIR/volume, filer metadata in"
                    + " DIR/filer. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = {"-ip", "--ip"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name clients and peers reach this server at. Default: ${DEFAULT-VALUE}.")
    String ip;

    @Option(names = {"-ip.bind", "--ip.bind"}, paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bindIp;

    @Option(names = {"-master.port", "--master.port"}, paramLabel = "PORT", defaultValue = "9333",
            description = "Master HTTP port. Default: ${DEFAULT-VALUE}.")
    int masterPort;

    @Option(names = {"-master.port.raft", "--master.port.raft"}, paramLabel = "PORT",
            description = "Master Raft port. Default: master port + 10000.")
    Integer raftPort;

    @Option(names = {"-volume.port", "--volume.port"}, paramLabel = "PORT", defaultValue = "8080",
            description = "Volume server HTTP port. Default: ${DEFAULT-VALUE}.")
    int volumePort;

    @Option(names = {"-volume.max", "--volume.max"}, paramLabel = "N",
            description = "Volume slots; 0 sizes them from the disk's free space and the volume size limit"
                    + " (at least 64), as volume -max. Default: 0.")
    int maxVolumes = VolumeServerConfig.DEFAULT_MAX_VOLUMES;

    @Option(names = {"-volume.publicUrl", "--volume.publicUrl"}, paramLabel = "HOST:PORT",
            description = "Volume server address handed to clients. Default: -ip:-volume.port.")
    String publicUrl;

    @Option(names = {"-volumeSizeLimitMB", "--volumeSizeLimitMB"}, paramLabel = "MB", defaultValue = "30000",
            description = "A volume stops taking writes at this size. Default: ${DEFAULT-VALUE}.")
    long volumeSizeLimitMb;

    @Option(names = {"-defaultReplication", "--defaultReplication"}, paramLabel = "XYZ", defaultValue = "000",
            converter = ReplicationConverter.class,
            description = "Replica placement when a request names none. Default: ${DEFAULT-VALUE}.")
    ReplicaPlacement defaultReplication;

    @Option(names = {"-dataCenter", "--dataCenter"}, paramLabel = "NAME", defaultValue = "",
            description = "Data center of the volume server. Default: DefaultDataCenter.")
    String dataCenter;

    @Option(names = {"-rack", "--rack"}, paramLabel = "NAME", defaultValue = "",
            description = "Rack of the volume server. Default: DefaultRack.")
    String rack;

    @Option(names = {"-pulseSeconds", "--pulseSeconds"}, paramLabel = "S", defaultValue = "5",
            description = "Heartbeat period, seconds. Default: ${DEFAULT-VALUE}.")
    int pulseSeconds;

    @Mixin
    ReplicationOptions replication;

    @Option(names = {"-fsync", "--fsync"}, arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Fsync every write before acknowledging it (group commit). Default: false.")
    boolean fsync;

    @Option(names = {"-whiteList", "--whiteList"}, split = ",", paramLabel = "IP|CIDR",
            description = "Only these IPs / CIDR blocks (IPv4, IPv6) may write to or run admin calls on the master and"
                    + " the volume server; include this host's own address (its roles call each other). Reads stay"
                    + " open. Default: anyone.")
    List<String> whiteList = List.of();

    @Option(names = {"-filer", "--filer"}, arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            defaultValue = "true", description = "Also start a filer (-filer=false: do not). Default: ${DEFAULT-VALUE}.")
    boolean filer;

    @Option(names = {"-filer.port", "--filer.port"}, paramLabel = "PORT", defaultValue = "8888",
            description = "Filer HTTP port. Default: ${DEFAULT-VALUE}.")
    int filerPort;

    @Option(names = {"-filer.config", "--filer.config"}, paramLabel = "FILE",
            description = "Filer path rules (JSON, as hayloft filer -config): per path prefix, collection,"
                    + " replication, ttl and maxMB.")
    Path filerRulesFile;

    @Option(names = {"-s3", "--s3"}, arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            defaultValue = "true", description = "Also start an S3 gateway over the filer (-s3=false: do not)."
                    + " Default: ${DEFAULT-VALUE}.")
    boolean s3;

    @Option(names = {"-s3.port", "--s3.port"}, paramLabel = "PORT", defaultValue = "8333",
            description = "S3 gateway port. Default: ${DEFAULT-VALUE}.")
    int s3Port;

    @Option(names = {"-s3.config", "--s3.config"}, paramLabel = "FILE",
            description = "S3 identities (JSON, as hayloft s3 -config). Default: a key pair generated at first start,"
                    + " kept in DIR/s3 and printed once.")
    Path s3ConfigFile;

    /** The master's config from the options; a rejected value is a usage error. */
    MasterConfig masterConfig() {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(masterPort, "-master.port");
            return replication.applyTo(MasterConfig.defaults(dir.resolve("master")))
                    .withHosts(bindIp, ip)
                    .withPorts(masterPort, raftPort != null ? raftPort : ServeOptions.raftPortFor(masterPort))
                    .withDefaultReplication(defaultReplication)
                    .withVolumeSizeLimit(ServeOptions.megabytes(volumeSizeLimitMb, "-volumeSizeLimitMB"))
                    .withPulse(ServeOptions.seconds(pulseSeconds, "-pulseSeconds"))
                    .withWhiteList(WhiteList.parse(whiteList))
                    .validate();
        });
    }

    /** The volume server's config for a master answering at {@code ip:masterPort}; a rejected value is a usage error. */
    VolumeServerConfig volumeConfig(int actualMasterPort) {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(volumePort, "-volume.port");
            return VolumeServerConfig.defaults(List.of(dir.resolve("volume")))
                    .withHosts(bindIp, ip)
                    .withPort(volumePort)
                    .withPublicUrl(publicUrl)
                    .withMaxVolumes(List.of(maxVolumes))
                    .withMasters(List.of(ip + ":" + actualMasterPort))
                    .withLocation(dataCenter, rack)
                    .withPulse(ServeOptions.seconds(pulseSeconds, "-pulseSeconds"))
                    .withFsync(fsync)
                    .withWhiteList(WhiteList.parse(whiteList))
                    .validate();
        });
    }

    /** The filer's config for a master answering at {@code ip:masterPort}; a rejected value is a usage error. */
    FilerConfig filerConfig(int actualMasterPort) {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(filerPort, "-filer.port");
            return FilerConfig.defaults(dir.resolve("filer"), List.of(ip + ":" + actualMasterPort))
                    .withHosts(bindIp, ip)
                    .withPort(filerPort)
                    .withRules(filerRulesFile == null ? PathRules.none() : PathRules.load(filerRulesFile));
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        MasterConfig masterConfig = masterConfig();
        VolumeServerConfig checked = volumeConfig(masterPort); // bad options are usage errors before anything starts
        ServeOptions.requireFree(masterConfig.bindHost(), masterConfig.port(), "-master.port");
        ServeOptions.requireFree(masterConfig.bindHost(), masterConfig.raftPort(), "-master.port.raft");
        ServeOptions.requireFree(checked.bindHost(), checked.port(), "-volume.port");
        FilerConfig filerChecked = filerConfig(masterPort);
        if (filer) {
            ServeOptions.requireFree(filerChecked.bindHost(), filerChecked.port(), "-filer.port");
        }
        boolean gateway = filer && s3;
        S3Gateways.Credentials s3Credentials = null;
        if (gateway) {
            ServeOptions.requirePort(s3Port, "-s3.port");
            ServeOptions.requireFree(bindIp, s3Port, "-s3.port");
            s3Credentials = S3Gateways.usage(spec, () -> S3Gateways.credentials(s3ConfigFile, dir.resolve("s3")));
        }
        List<AutoCloseable> started = new ArrayList<>();
        VolumeServerConfig volumeConfig;
        VolumeServer volume;
        MasterServer master;
        FilerConfig filerConfig = null;
        FilerServer filerServer = null;
        S3Server s3Server = null;
        try {
            master = MasterServer.start(masterConfig);
            started.add(master);
            volumeConfig = volumeConfig(master.port());
            volume = VolumeServer.start(volumeConfig);
            started.add(volume);
            if (filer) {
                filerConfig = filerConfig(master.port());
                filerServer = FilerServer.start(filerConfig, UploadFaults.NONE,
                        new ColocatedVolumeServer(volume.colocated()));
                started.add(filerServer);
            }
            if (gateway) {
                s3Server = S3Server.start(S3Config.defaults(ip + ":" + filerServer.port(), s3Credentials.identities())
                        .withBindHost(bindIp).withPort(s3Port));
                started.add(s3Server);
            }
        } catch (RuntimeException e) {
            UntilShutdown.closeAll(started);
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft master        on http://%s:%d (raft port %d), metadata in %s%n", ip, master.port(),
                master.raftPort(), masterConfig.metaDir().toAbsolutePath().normalize());
        out.printf("Hayloft volume server on %s (public %s), data in %s%n", Describe.http(volume.url()),
                volume.publicUrl(),
                Describe.dirs(volumeConfig));
        if (filerServer != null) {
            out.printf("Hayloft filer         on http://%s:%d, metadata in %s%n", ip, filerServer.port(),
                    FilerCommand.describeStore(filerConfig));
        }
        if (s3Server != null) {
            out.printf("Hayloft S3 gateway    on http://%s:%d, %s%n", ip, s3Server.port(), s3Credentials.announcement());
        }
        // only announce readiness once the master knows the volume server: before, assign finds no volume
        if (!volume.awaitRegistered(REGISTRATION_WAIT)) {
            out.printf("Warning: the volume server has not registered with the master after %d s%n",
                    REGISTRATION_WAIT.toSeconds());
        }
        out.printf("Ready. Try: curl http://%s:%d/dir/assign   or   hayloft upload -master %s:%d FILE%n",
                ip, master.port(), ip, master.port());
        out.flush();
        UntilShutdown.await(started);
        return 0;
    }
}
