package io.hayloft.cli.serve;

import io.hayloft.http.WhiteList;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.sync.SyncConfig;
import io.hayloft.api.HayloftException;
import java.time.Duration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hayloft volume}: one volume server, until SIGINT/SIGTERM. */
@Command(name = "volume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Start a volume server: stores needles in volumes on local disks and serves them.")
public final class VolumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-dir", "--dir"}, split = ",", paramLabel = "DIR", defaultValue = "hayloft-data/volume",
            description = "Data directories, comma separated. Default: ${DEFAULT-VALUE}.")
    List<Path> dirs;

    @Option(names = {"-max", "--max"}, split = ",", paramLabel = "N",
            description = "Volume slots per directory: one count for all, or one per -dir; 0 sizes them from"
                    + " the directory's free space and the volume size limit (at least 64). Default: 0.")
    List<Integer> maxVolumes = List.of();

    @Option(names = {"-mserver", "--mserver"}, split = ",", paramLabel = "HOST:PORT", defaultValue = "localhost:9333",
            description = "Master address(es), comma separated. Default: ${DEFAULT-VALUE}.")
    List<String> masters;

    @Option(names = {"-port", "--port"}, defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-ip", "--ip"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name the master and peers reach this server at. Default: ${DEFAULT-VALUE}.")
    String ip;

    @Option(names = {"-ip.bind", "--ip.bind"}, paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bindIp;

    @Option(names = {"-publicUrl", "--publicUrl"}, paramLabel = "HOST:PORT",
            description = "Address handed to clients. Default: -ip:-port.")
    String publicUrl;

    @Option(names = {"-dataCenter", "--dataCenter"}, paramLabel = "NAME", defaultValue = "",
            description = "Data center of this server. Default: DefaultDataCenter.")
    String dataCenter;

    @Option(names = {"-rack", "--rack"}, paramLabel = "NAME", defaultValue = "",
            description = "Rack of this server. Default: DefaultRack.")
    String rack;

    @Option(names = {"-whiteList", "--whiteList"}, split = ",", paramLabel = "IP|CIDR",
            description = "Only these IPs / CIDR blocks (IPv4, IPv6) may upload, delete and run admin calls; list every master and volume"
                    + " server of the cluster too. Reads stay open. Default: anyone.")
    List<String> whiteList = List.of();

    @Option(names = {"-pulseSeconds", "--pulseSeconds"}, paramLabel = "S", defaultValue = "5",
            description = "Heartbeat period, seconds. Default: ${DEFAULT-VALUE}.")
    int pulseSeconds;

    @Option(names = {"-fsync", "--fsync"}, arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Fsync every write before acknowledging it (group commit). Default: false.")
    boolean fsync;

    @Option(names = {"-fileSizeLimitMB", "--fileSizeLimitMB"}, paramLabel = "MB", defaultValue = "256",
            description = "Largest accepted upload. Default: ${DEFAULT-VALUE}.")
    long fileSizeLimitMb;

    @Option(names = {"-scrubMBps", "--scrubMBps"}, paramLabel = "MB", defaultValue = "16",
            description = "Background scrub rate (CRC check of every needle), MiB/s; 0 disables. Default: ${DEFAULT-VALUE}.")
    long scrubMbps;

    @Option(names = {"-scrubIntervalMinutes", "--scrubIntervalMinutes"}, paramLabel = "MIN", defaultValue = "1440",
            description = "Pause between two scrub passes, minutes. Default: ${DEFAULT-VALUE}.")
    long scrubIntervalMinutes;

    @Option(names = {"-ttlGraceSeconds", "--ttlGraceSeconds"}, paramLabel = "S", defaultValue = "600",
            description = "How long a TTL volume whose newest file expired stays on disk, read-only, before it is"
                    + " deleted. Default: ${DEFAULT-VALUE}.")
    long ttlGraceSeconds;

    @Option(names = {"-syncIntervalSeconds", "--syncIntervalSeconds"}, paramLabel = "S", defaultValue = "60",
            description = "Pause between two background replica sync rounds (replicas compared by digest and"
                    + " repaired), seconds; 0 disables. Default: ${DEFAULT-VALUE}.")
    long syncIntervalSeconds;

    /** The volume server's config from the options; a rejected value is a usage error. */
    VolumeServerConfig config() {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(port, "-port");
            VolumeServerConfig c = VolumeServerConfig.defaults(dirs)
                    .withHosts(bindIp, ip)
                    .withPort(port)
                    .withPublicUrl(publicUrl)
                    .withMasters(masters)
                    .withLocation(dataCenter, rack)
                    .withPulse(ServeOptions.seconds(pulseSeconds, "-pulseSeconds"))
                    .withWhiteList(WhiteList.parse(whiteList))
                    .withFsync(fsync)
                    .withFileSizeLimit(ServeOptions.megabytes(fileSizeLimitMb, "-fileSizeLimitMB"))
                    .withScrub(ScrubConfig.ofMebibytesPerSecond(scrubMbps, scrubInterval()))
                    .withTtlGrace(ttlGrace())
                    .withSync(SyncConfig.ofIntervalSeconds(syncIntervalSeconds));
            return (maxVolumes.isEmpty() ? c : c.withMaxVolumes(maxVolumes)).validate();
        });
    }

    private Duration ttlGrace() {
        HayloftException.checkArgument(ttlGraceSeconds >= 0, "-ttlGraceSeconds must be 0 or more, got " + ttlGraceSeconds);
        return Duration.ofSeconds(ttlGraceSeconds);
    }

    private Duration scrubInterval() {
        HayloftException.checkArgument(scrubIntervalMinutes > 0 && scrubIntervalMinutes <= 525_600,
                "-scrubIntervalMinutes must be 1..525600, got " + scrubIntervalMinutes);
        return Duration.ofMinutes(scrubIntervalMinutes);
    }

    @Override
    public Integer call() throws InterruptedException {
        VolumeServerConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        VolumeServer volume = VolumeServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft volume server on %s (public %s), data in %s, masters %s%n", Describe.http(volume.url()),
                volume.publicUrl(), Describe.dirs(config), String.join(",", config.masters()));
        out.flush();
        UntilShutdown.await(List.of(volume));
        return 0;
    }
}
