package io.hayloft.cli.benchmark;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.HayloftCommand;
import io.hayloft.cli.VersionProvider;
import io.hayloft.cli.options.ClusterOptions;
import io.hayloft.cli.options.ReplicationConverter;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.client.HayloftClient;
import io.hayloft.security.SecurityConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft benchmark}: writes {@code -n} small files with {@code -c} concurrent workers, then
 * reads them back in random order, and reports each phase. Exit code 1 when a phase had work to do
 * and none of it succeeded.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Benchmark a running cluster with many small files, like 'weed benchmark'.",
                "Write phase: assign + upload of -size + 0..63 bytes per file; read phase: random-order GETs,",
                "lengths checked and the bytes of every 16th file. Reports req/s, MB/s and latency percentiles.",
                "Both phases follow -warmup untimed writes and reads (as the peers' load driver does)."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-c", "--c", "-concurrency", "--concurrency"}, paramLabel = "N", defaultValue = "16",
            description = "Concurrent workers. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = {"-n", "--n"}, paramLabel = "N", defaultValue = "1048576",
            description = "Files to write (and read). Default: ${DEFAULT-VALUE}.")
    int files;

    @Option(names = {"-size", "--size"}, paramLabel = "BYTES", defaultValue = "1024",
            description = "Base file size; each file adds 0..63 bytes. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-warmup", "--warmup"}, paramLabel = "N", defaultValue = "1000",
            description = {"Untimed writes and reads before the measured phases, so a new collection's volumes,",
                    "connections and both sides' JIT are ready (0: none). Default: ${DEFAULT-VALUE}."})
    int warmup;

    @Option(names = {"-collection", "--collection"}, paramLabel = "NAME", defaultValue = "benchmark",
            description = "Collection to write into. Default: ${DEFAULT-VALUE}.")
    String collection;

    @Option(names = {"-replication", "--replication"}, paramLabel = "XYZ", defaultValue = "000",
            converter = ReplicationConverter.class, description = "Replica placement. Default: ${DEFAULT-VALUE}.")
    ReplicaPlacement replication;

    @Option(names = {"-write", "--write"}, arity = "0..1", paramLabel = "BOOL", defaultValue = "true",
            fallbackValue = "true", description = "Run the write phase. Default: ${DEFAULT-VALUE}.")
    boolean write;

    @Option(names = {"-read", "--read"}, arity = "0..1", paramLabel = "BOOL", defaultValue = "true",
            fallbackValue = "true", description = "Run the read phase. Default: ${DEFAULT-VALUE}.")
    boolean read;

    @Option(names = {"-fids", "--fids", "-list", "--list"}, paramLabel = "FILE",
            description = "Save the written fids here; with -write=false, read the fids listed here.")
    Path fidsFile;

    @Override
    public Integer call() throws IOException {
        UsageErrors.require(spec, concurrency >= 1, "-c must be at least 1, got " + concurrency);
        UsageErrors.require(spec, files >= 1, "-n must be at least 1, got " + files);
        UsageErrors.require(spec, size >= 1, "-size must be at least 1, got " + size);
        UsageErrors.require(spec, warmup >= 0, "-warmup must be 0 or more, got " + warmup);
        UsageErrors.require(spec, write || read, "nothing to do: both -write and -read are false");
        UsageErrors.require(spec, write || fidsFile != null, "-write=false needs -fids FILE to know what to read");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Benchmarking %s: %d files of %d..%d bytes, concurrency %d, collection '%s', replication %s%n",
                String.join(",", cluster.masters()), files, size, size + WritePhase.SIZE_SPREAD - 1, concurrency,
                collection, replication);
        out.flush();
        boolean allFailed = false;
        SecurityConfig security = HayloftCommand.security(spec);
        BenchTls tls = security.tls().map(BenchTls::of).orElse(null);
        if (tls != null) {
            out.printf("TLS engine:            %s%n", tls.engineName());
        }
        Supplier<BenchClient> clients = () -> new BenchClient(cluster.masters(), tls, security.read().isPresent());
        try (HayloftClient client = cluster.connect()) {
            if (warmup > 0) {
                warmUp(out, client, clients);
            }
            List<StoredBlob> blobs;
            if (write) {
                WritePhase phase = new WritePhase(clients, collection, replication.toString(), size, files);
                PhaseResult result = phase.run(concurrency);
                result.print(out);
                out.flush();
                allFailed = result.completed() == 0;
                blobs = phase.stored();
                if (fidsFile != null) {
                    FidList.write(fidsFile, blobs);
                    out.printf("Fids saved to:         %s%n", fidsFile);
                }
            } else {
                blobs = FidList.read(fidsFile);
            }
            if (read) {
                PhaseResult result = new ReadPhase(client, clients, blobs, files, new Random()).run(concurrency);
                result.print(out);
                allFailed |= result.completed() == 0 && result.failed() > 0;
            }
        }
        out.flush();
        if (allFailed) {
            spec.commandLine().getErr().println("hayloft benchmark: a phase completed no request");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /** Writes (when -write) and reads {@code -warmup} files, untimed; a failure here shows in the measured phases. */
    private void warmUp(PrintWriter out, HayloftClient client, Supplier<BenchClient> clients) {
        out.printf("Warming up:            %d untimed %s%n", warmup, write ? "writes and reads" : "reads");
        out.flush();
        if (write) {
            WritePhase phase = new WritePhase(clients, collection, replication.toString(), size, warmup);
            phase.run(concurrency);
            new ReadPhase(client, clients, phase.stored(), warmup, new Random()).run(concurrency);
        } else {
            try {
                new ReadPhase(client, clients, FidList.read(fidsFile), warmup, new Random()).run(concurrency);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
