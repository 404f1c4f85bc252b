package io.hayloft.filer.partition;

import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates of empty files from many clients through the namespace, for a fixed time: over one embedded
 * RocksDB store (fsync by group commit, the single filer's default) or over partitions (3 filer servers'
 * Raft servers in this JVM, every log entry fsynced, one {@link PartitionedFilerStore} per filer server
 * with the clients spread over them). Files go to {@code /bucket-<k>/c<client>/f<n>}, 16 buckets.
 * Prints creates/s, p50 and p99 of the measured window, the process's CPU per create over it, and for
 * partitions the Raft entries the window wrote (commands per entry) and Ratis's timers.
 * <pre>  java -cp ... io.hayloft.filer.partition.CreateBenchmark rocks|partitioned DIR CLIENTS SECONDS [PARTITIONS [ELECTION_MIN_MS [WARMUP_S]]]</pre>
 */
public final class CreateBenchmark {
    private CreateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Files.createDirectories(Path.of(args[1]));
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int partitions = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int electionMs = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        int warmupSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
        PartitionServer.Tuning tuning = new PartitionServer.Tuning(10_000,
                org.apache.ratis.util.SizeInBytes.valueOf("8MB"), java.time.Duration.ofMillis(electionMs),
                java.time.Duration.ofMillis(2L * electionMs));
        Clock clock = Clock.systemUTC();
        List<AutoCloseable> closeLast = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>();
        PartitionCluster cluster = null;
        if (mode.equals("rocks")) {
            RocksFilerStore store = RocksFilerStore.open(dir.resolve("rocks"), clock);
            closeLast.add(store);
            namespaces.add(new Namespace(store, clock, () -> { }));
        } else {
            cluster = PartitionCluster.start(dir, 3, partitions, tuning);
            for (String node : cluster.nodes()) {
                FilerStore store = cluster.store(clock, node);
                closeLast.add(store);
                namespaces.add(new Namespace(store, clock, () -> { }));
            }
        }
        AtomicLong done = new AtomicLong();
        long[][] latencies = new long[clients][];
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        long[] cpuAt = new long[2];
        long[] entriesAt = new long[2];
        PartitionCluster measured = cluster;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        for (int k = 0; k < 2; k++) {
            int at = k;
            sampler.schedule(() -> {
                cpuAt[at] = processCpuNanos();
                profile(at == 0 ? "start,event=cpu,interval=2ms" : "stop,file=" + System.getProperty("bench.profile.out",
                        "/tmp/create-benchmark.collapsed") + ",collapsed");
                entriesAt[at] = measured == null ? 0 : appliedEntries(measured);
            }, (k == 0 ? warmEnd : end) - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Namespace ns = namespaces.get(c % namespaces.size());
                running.add(pool.submit(() -> {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    for (int i = 0; System.nanoTime() < end; i++) {
                        FullPath path = FullPath.parse("/bucket-" + ((client + i) % 16) + "/c" + client + "/f" + i);
                        long t0 = System.nanoTime();
                        ns.commitFile(Entry.newInlineFile(path, clock.instant(), "", "", Ttl.NONE, new byte[0]));
                        long t1 = System.nanoTime();
                        if (t0 >= warmEnd) {
                            done.incrementAndGet();
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                        }
                    }
                    latencies[client] = Arrays.copyOf(mine, n);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            all = new long[1]; // no client (an idle cluster's CPU): no latencies
        }
        System.out.printf("%s: %d clients, %s: %d creates in %d s = %.0f/s, p50 %.1f ms, p99 %.1f ms%n", mode, clients,
                mode.equals("rocks") ? "1 RocksDB" : "3 servers x " + partitions + " partitions",
                done.get(), seconds, done.get() / (double) seconds, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
        sampler.shutdown();
        sampler.awaitTermination(seconds + warmupSeconds + 30L, TimeUnit.SECONDS);
        long entries = entriesAt[1] - entriesAt[0];
        System.out.printf("CPU %.3f ms per create (%.1f cores)%s%n", (cpuAt[1] - cpuAt[0]) / 1e6 / done.get(),
                (cpuAt[1] - cpuAt[0]) / 1e9 / seconds, cluster == null ? "" : String.format(
                        ", %d Raft entries (%.1f creates per entry, %.3f ms CPU per entry)", entries,
                        done.get() / (double) Math.max(1, entries), (cpuAt[1] - cpuAt[0]) / 1e6 / Math.max(1, entries)));
        if (cluster != null) {
            RatisMetricsReport.print();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        System.exit(0);
    }

    /**
     * Runs an async-profiler command when {@code -Dbench.profile=<libasyncProfiler.so>} is given (with
     * async-profiler's jar on the class path): the measured window alone is profiled.
     */
    private static void profile(String command) {
        String lib = System.getProperty("bench.profile");
        if (lib == null) {
            return;
        }
        try {
            Class<?> profiler = Class.forName("one.profiler.AsyncProfiler");
            Object instance = profiler.getMethod("getInstance", String.class).invoke(null, lib);
            profiler.getMethod("execute", String.class).invoke(instance, command);
        } catch (ReflectiveOperationException e) {
            System.err.println("async-profiler: " + e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Log entries applied so far by each partition's leader, summed (an entry every replica applies once). */
    private static long appliedEntries(PartitionCluster cluster) {
        long sum = 0;
        for (int p = 0; p < cluster.map().size(); p++) {
            int partition = p;
            sum += cluster.leader(p).map(node -> cluster.appliedIndex(node, partition)).orElse(0L);
        }
        return sum;
    }
}
