package io.hayloft.cli.simulate;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.SyntheticVolumes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft simulate volume}: generates {@code -needles} needles into volumes in {@code -dir}, starts a
 * volume server process on them, and measures how long it takes to serve, its RSS, its heap after a full GC
 * (the needle maps, per needle, the server's fixed part included), and the latency of
 * random reads (one at a time, each checked byte for byte) with a cold page cache (dropped through {@code
 * /proc/sys/vm/drop_caches}, which needs root; skipped otherwise) and a warm one. Prints a table, or JSON
 * with {@code -json}.
 */
@Command(name = "volume", mixinStandardHelpOptions = true,
        description = "Generate a volume server's data, start a server on it, and measure start-up, memory and reads.")
final class SimulateVolumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-needles", "--needles"}, paramLabel = "N", defaultValue = "1000000",
            description = "Needles to generate. Default: ${DEFAULT-VALUE}.")
    private long needles;

    @Option(names = {"-size", "--size"}, paramLabel = "BYTES", defaultValue = "1024",
            description = "Base needle size; needle k adds k % 64 bytes. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = {"-volumeSizeLimitMB", "--volumeSizeLimitMB"}, paramLabel = "MB", defaultValue = "30000",
            description = "Bytes of .dat per volume, in MiB, as the master's limit. Default: ${DEFAULT-VALUE}.")
    private long volumeSizeMiB;

    @Option(names = {"-dir", "--dir"}, paramLabel = "DIR",
            description = "Where to write the volumes (must hold no volumes yet). Default: a new temporary directory.")
    private Path dir;

    @Option(names = {"-port", "--port"}, paramLabel = "PORT", defaultValue = "0",
            description = "The volume server's port (0: a free one). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = {"-reads", "--reads"}, paramLabel = "N", defaultValue = "2000",
            description = "Random reads per page-cache state. Default: ${DEFAULT-VALUE}.")
    private int reads;

    @Option(names = {"-dropCache", "--dropCache"}, arity = "0..1", defaultValue = "true", paramLabel = "BOOL",
            description = "Drop the page cache before the cold reads (root only). Default: ${DEFAULT-VALUE}.")
    private boolean dropCache;

    @Option(names = {"-reuse", "--reuse"},
            description = "Start on the volumes an earlier run generated in -dir (same -needles and -size) "
                    + "instead of generating them again.")
    private boolean reuse;

    @Option(names = {"-json", "--json"}, description = "Print the results as one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (needles < 1 || size < 0 || size > 65536 || volumeSizeMiB < 1 || reads < 1 || port < 0 || port > 65535) {
            spec.commandLine().getErr().println("hayloft simulate volume: -needles, -reads and -volumeSizeLimitMB "
                    + "must be at least 1, -size 0..65536, -port 0..65535");
            return 2;
        }
        Path data = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hayloft-simulate");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("needles", needles);
        result.put("size", size);
        result.put("dir", data.toString());

        SyntheticVolumes synthetic = new SyntheticVolumes(size, 20261207L);
        List<SyntheticVolumes.Written> volumes;
        if (reuse) {
            volumes = SyntheticVolumes.find(data, "", 1);
            if (volumes.isEmpty() || volumes.getFirst().firstKey() != 1 || volumes.getLast().lastKey() != needles) {
                spec.commandLine().getErr().println("hayloft simulate volume: -reuse needs the volumes of an "
                        + "earlier run with -needles " + needles + " in " + data);
                return 2;
            }
            result.put("volumes", volumes.size());
            result.put("generateSeconds", "reused");
        } else {
            long t0 = System.nanoTime();
            volumes = synthetic.write(data, "", 1, needles, volumeSizeMiB << 20);
            double genSeconds = (System.nanoTime() - t0) / 1e9;
            result.put("volumes", volumes.size());
            result.put("generateSeconds", round(genSeconds));
            result.put("generatedNeedlesPerSecond", Math.round(needles / genSeconds));
        }

        int serverPort = port == 0 ? freePort() : port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        try (VolumeProcess server = VolumeProcess.start(data, serverPort, freePort(), data.resolve("volume-server.log"))) {
            if (!server.awaitServing(http, Duration.ofMinutes(30))) {
                spec.commandLine().getErr().println("hayloft simulate volume: the volume server did not start; see "
                        + data.resolve("volume-server.log"));
                return 1;
            }
            result.put("startSeconds", round((System.nanoTime() - started) / 1e9));
            // the CPU the start took (every thread: loading, JIT, GC): on a shared machine the wall time
            // above is mostly waiting for a core, this is not
            result.put("startCpuSeconds", round(server.cpuSeconds()));
            result.put("loadAverage", loadAverage());
            long[] memory = server.memoryMiB();
            result.put("rssAfterStartMiB", memory[0]);
            // the needle maps live on the heap: after a full GC it is they plus the server's fixed part
            double heap = JvmHeap.usedMiB(server.pid(), true, data);
            result.put("heapAfterGcMiB", round(heap));
            result.put("heapAfterGcBytesPerNeedle", heap < 0 ? -1 : round(heap * 1024 * 1024 / needles));
            boolean cold = dropCache && dropPageCache();
            result.put("coldCache", cold ? "dropped" : dropCache ? "not dropped (needs root)" : "not dropped (-dropCache=false)");
            result.put("coldReadMicros", readLatencies(http, server, synthetic, volumes, 1));
            result.put("warmReadMicros", readLatencies(http, server, synthetic, volumes, 1));
            memory = server.memoryMiB();
            result.put("rssAfterReadsMiB", memory[0]);
            result.put("peakRssMiB", memory[1]);
        }
        print(out, result);
        return 0;
    }

    /** {@link #reads} random reads of needles known to exist, one at a time; latency percentiles in µs. */
    private Map<String, Object> readLatencies(HttpClient http, VolumeProcess server, SyntheticVolumes synthetic,
                                              List<SyntheticVolumes.Written> volumes, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long[] nanos = new long[reads];
        for (int i = 0; i < reads; i++) {
            long key = 1 + random.nextLong(needles);
            VolumeId volume = volumes.stream().filter(w -> key >= w.firstKey() && key <= w.lastKey()).findFirst()
                    .orElseThrow().id();
            String fid = FileId.of(volume.value(), key, SyntheticVolumes.COOKIE).toString();
            HttpRequest get = HttpRequest.newBuilder(URI.create(server.url() + "/" + fid)).build();
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - t;
            if (r.statusCode() != 200 || !Arrays.equals(r.body(), synthetic.expected(key))) {
                throw new IllegalStateException("needle " + fid + " read back wrong: status " + r.statusCode());
            }
        }
        Arrays.sort(nanos);
        Map<String, Object> p = new LinkedHashMap<>();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            p.put("p" + Math.round(q * 100), nanos[(int) Math.min(reads - 1, Math.floor(q * reads))] / 1000);
        }
        p.put("max", nanos[reads - 1] / 1000);
        return p;
    }

    /** Drops the page cache (root only); whether it was. */
    private static boolean dropPageCache() {
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The 1-minute load average, or -1 where {@code /proc/loadavg} cannot be read. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private void print(PrintWriter out, Map<String, Object> result) {
        if (json) {
            out.println(io.hayloft.http.Json.writeString(result));
            return;
        }
        result.forEach((k, v) -> out.printf("%-26s %s%n", k, v));
    }
}
