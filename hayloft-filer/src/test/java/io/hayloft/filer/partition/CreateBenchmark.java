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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates of empty files from many clients through the namespace, for a fixed time: over one embedded
 * RocksDB store (fsync by group commit, the single filer's default) or over partitions (3 filer servers'
 * Raft servers in this JVM, every log entry fsynced, one {@link PartitionedFilerStore} per filer server
 * with the clients spread over them). Files go to {@code /bucket-<k>/c<client>/f<n>}, 16 buckets.
 * <pre>  java -cp ... io.hayloft.filer.partition.CreateBenchmark rocks|partitioned DIR CLIENTS SECONDS [PARTITIONS [ELECTION_MIN_MS]]</pre>
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
            for (int i = 0; i < 3; i++) {
                FilerStore store = cluster.store(clock);
                closeLast.add(store);
                namespaces.add(new Namespace(store, clock, () -> { }));
            }
        }
        AtomicLong done = new AtomicLong();
        long[][] latencies = new long[clients][];
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
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
        System.out.printf("%s: %d clients, %s: %d creates in %d s = %.0f/s, p50 %.1f ms, p99 %.1f ms%n", mode, clients,
                mode.equals("rocks") ? "1 RocksDB" : "3 servers x " + partitions + " partitions",
                done.get(), seconds, done.get() / (double) seconds, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        System.exit(0);
    }
}
