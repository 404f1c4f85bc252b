package io.hayloft.filer.bench;

import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Fills one directory of a filer's RocksDB store with {@code N} small inline files ({@code f0000000},
 * {@code f0000001}, ...), in atomic batches, while no filer runs on it: the listing benchmark's set-up,
 * far faster than creating a million files over HTTP.
 * <pre>  java -cp ... io.hayloft.filer.bench.BulkLoad STORE_DIR /bench/list 1000000</pre>
 */
public final class BulkLoad {
    private static final int BATCH = 10_000;

    private BulkLoad() {
    }

    /**
     * Loads the entries and prints how long it took.
     *
     * @param args the store directory, the directory path in the namespace, the number of files
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: BulkLoad STORE_DIR DIRECTORY COUNT");
            System.exit(2);
        }
        Path storeDir = Path.of(args[0]);
        FullPath dir = FullPath.parse(args[1]);
        int count = Integer.parseInt(args[2]);
        byte[] content = "h".repeat(1024).getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        try (RocksFilerStore store = RocksFilerStore.open(storeDir, Clock.systemUTC())) {
            Instant now = Instant.now();
            Mutation parents = new Mutation();
            for (FullPath p = dir; !p.isRoot(); p = p.parent()) {
                parents.put(Entry.newDirectory(p, now));
            }
            store.commit(parents);
            for (int from = 0; from < count; from += BATCH) {
                Mutation m = new Mutation();
                for (int i = from; i < Math.min(count, from + BATCH); i++) {
                    m.put(Entry.newInlineFile(dir.child(String.format("f%07d", i)), now, "application/octet-stream",
                            "", Ttl.NONE, content));
                }
                store.commit(m);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bulk-loaded %d entries into %s in %.1f s (%.0f entries/s)%n", count, dir, seconds,
                count / seconds);
    }
}
