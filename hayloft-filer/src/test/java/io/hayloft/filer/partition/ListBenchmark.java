package io.hayloft.filer.partition;

import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Listing;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.ratis.util.SizeInBytes;

/**
 * Listing one directory of many entries through the namespace, page after page, the way the S3 gateway
 * and {@code hayloft fs ls} read it: over one embedded RocksDB store or over partitions (3 filer servers'
 * Raft servers in this JVM; each page is one linearizable read of the directory's partition, ReadIndex on
 * its leader). Prints entries listed per second over {@code ROUNDS} whole listings after one warm-up.
 * <pre>  java -cp ... io.hayloft.filer.partition.ListBenchmark rocks|partitioned DIR ENTRIES PAGE ROUNDS [leader|other|follower]</pre>
 * {@code leader}: the listing filer server leads the directory's partition (its reads skip the client
 * RPC); {@code other} (the default): it does not; {@code follower}: it does not, and reads its own
 * replica ({@link PartitionReads#FOLLOWER}).
 */
public final class ListBenchmark {
    private ListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Files.createDirectories(Path.of(args[1]));
        int entries = Integer.parseInt(args[2]);
        int pageSize = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        String via = args.length > 5 ? args[5] : "other";
        Clock clock = Clock.systemUTC();
        PartitionCluster cluster = null;
        FilerStore store;
        if (mode.equals("rocks")) {
            store = RocksFilerStore.open(dir.resolve("rocks"), clock);
        } else {
            cluster = PartitionCluster.start(dir, 3, 8, new PartitionServer.Tuning(100_000,
                    SizeInBytes.valueOf("64MB"), Duration.ofSeconds(3), Duration.ofSeconds(6)));
            // the filer server that lists: one leading the directory's partition (reads in process) or not
            int partition = cluster.map().partitionOf(FullPath.parse("/listing"));
            String leader = cluster.leader(partition).orElseThrow();
            String lister = via.equals("leader") ? leader
                    : cluster.nodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            store = cluster.store(clock, lister, via.equals("follower") ? PartitionReads.FOLLOWER
                    : PartitionReads.LINEARIZABLE);
        }
        Namespace ns = new Namespace(store, clock, () -> { });
        FullPath big = FullPath.parse("/listing/big");
        ns.mkdirs(big);
        for (int done = 0; done < entries; ) {
            Mutation m = new Mutation();
            for (int k = 0; k < 1000 && done < entries; k++, done++) {
                m.put(Entry.newInlineFile(big.child(String.format("object-%08d", done)), clock.instant(), "", "",
                        Ttl.NONE, new byte[0]));
            }
            store.commit(m);
        }
        listAll(ns, big, pageSize, entries); // warm-up
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            listAll(ns, big, pageSize, entries);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s%s: listed %d entries %d times in pages of %d: %.0f entries/s%n", mode,
                cluster == null ? "" : via.equals("follower") ? " (follower reads: a filer server's own replica, not the leader)"
                        : " (listed by a filer server " + (via.equals("leader") ? "leading" : "not leading")
                        + " the partition)", entries, rounds, pageSize, (double) entries * rounds / seconds);
        store.close();
        if (cluster != null) {
            cluster.close();
        }
        System.exit(0);
    }

    private static void listAll(Namespace ns, FullPath dir, int pageSize, int expected) {
        String after = "";
        int seen = 0;
        while (true) {
            Listing page = ns.list(dir, after, false, pageSize);
            seen += page.entries().size();
            if (!page.hasMore()) {
                break;
            }
            after = page.lastFileName();
        }
        if (seen != expected) {
            throw new IllegalStateException("listed " + seen + " entries, expected " + expected);
        }
    }
}
