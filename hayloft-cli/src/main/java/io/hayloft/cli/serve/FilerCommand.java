package io.hayloft.cli.serve;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.VersionProvider;
import io.hayloft.cli.options.ReplicationConverter;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.rules.PathRules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hayloft filer}: the file layer (directories, chunked files) over a cluster, until SIGINT/SIGTERM. */
@Command(name = "filer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Start a filer: a directory tree of files stored as chunks on the volume servers.",
        footer = {"", "Then:  hayloft fs put photo.jpg /photos/   |   hayloft fs ls -l /photos"})
public final class FilerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-master", "--master"}, split = ",", paramLabel = "HOST:PORT", defaultValue = "localhost:9333",
            description = "Master address(es), comma separated. Default: ${DEFAULT-VALUE}.")
    List<String> masters;

    @Option(names = {"-port", "--port"}, defaultValue = "8888", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-dir", "--dir"}, paramLabel = "DIR", defaultValue = "hayloft-data/filer",
            description = "Where the embedded metadata store (RocksDB) lives. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = {"-ip", "--ip"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name clients reach this filer at. Default: ${DEFAULT-VALUE}.")
    String ip;

    @Option(names = {"-ip.bind", "--ip.bind"}, paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bindIp;

    @Option(names = {"-defaultReplication", "--defaultReplication"}, paramLabel = "XYZ",
            converter = ReplicationConverter.class,
            description = "Replica placement of chunks when a request names none. Default: the master's.")
    ReplicaPlacement defaultReplication;

    @Option(names = {"-collection", "--collection"}, paramLabel = "NAME", defaultValue = "",
            description = "Collection of chunks when a request names none. Default: the default collection.")
    String collection;

    @Option(names = {"-maxMB", "--maxMB"}, paramLabel = "MB", defaultValue = "8",
            description = "Chunk size of large files, MiB. Default: ${DEFAULT-VALUE}.")
    int maxMb;

    @Option(names = {"-store", "--store"}, paramLabel = "KIND", defaultValue = "rocksdb",
            description = "Metadata store: rocksdb (embedded, in -dir) or postgres (-jdbcUrl). Default: ${DEFAULT-VALUE}.")
    FilerConfig.Store store;

    @Option(names = {"-jdbcUrl", "--jdbcUrl"}, paramLabel = "URL", defaultValue = "",
            description = "Database of -store postgres, e.g. jdbc:postgresql://db:5432/hayloft?user=filer.")
    String jdbcUrl;

    @Option(names = {"-orphanAgeMinutes", "--orphanAgeMinutes"}, paramLabel = "MIN", defaultValue = "60",
            description = "Chunks of uploads that have not committed after this many minutes, by any filer sharing"
                    + " the store, are orphans of a filer that died: they are queued for deletion."
                    + " Default: ${DEFAULT-VALUE}.")
    long orphanAgeMinutes;

    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "Path rules (JSON): per path prefix, the collection, replication, ttl and maxMB of files"
                    + " written there when a request names none; the longest prefix wins."
                    + " E.g. {\"rules\":[{\"prefix\":\"/pictures/\",\"collection\":\"pictures\"}]}")
    Path rulesFile;

    /** The filer's config from the options; a rejected value is a usage error. */
    FilerConfig config() {
        return UsageErrors.checked(spec, () -> {
            ServeOptions.requirePort(port, "-port");
            io.hayloft.api.HayloftException.checkArgument(maxMb >= 1 && maxMb <= FilerConfig.MAX_CHUNK_SIZE >> 20,
                    "-maxMB must be 1.." + (FilerConfig.MAX_CHUNK_SIZE >> 20) + ", got " + maxMb);
            io.hayloft.api.HayloftException.checkArgument(orphanAgeMinutes >= 1,
                    "-orphanAgeMinutes must be at least 1, got " + orphanAgeMinutes);
            FilerConfig c = FilerConfig.defaults(dir, masters)
                    .withHosts(bindIp, ip)
                    .withPort(port)
                    .withPlacement(collection, defaultReplication, null)
                    .withStore(store, jdbcUrl)
                    .withRules(rulesFile == null ? PathRules.none() : PathRules.load(rulesFile))
                    .withStaleIntentAge(Duration.ofMinutes(orphanAgeMinutes));
            return c.withChunking(maxMb << 20, c.inlineLimit(), c.uploadParallelism());
        });
    }

    /** Where {@code config}'s metadata lives, for the start-up line (a JDBC URL without its query). */
    static String describeStore(FilerConfig config) {
        return config.store() == FilerConfig.Store.POSTGRES
                ? io.hayloft.filer.store.jdbc.JdbcFilerStore.redacted(config.jdbcUrl())
                : config.dir().toAbsolutePath().normalize().toString();
    }

    @Override
    public Integer call() throws InterruptedException {
        FilerConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        FilerServer filer = FilerServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft filer on http://%s:%d, metadata in %s, masters %s%n", config.advertisedHost(), filer.port(),
                describeStore(config), String.join(",", config.masters()));
        out.flush();
        UntilShutdown.await(List.of(filer));
        return 0;
    }
}
