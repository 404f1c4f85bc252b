package io.hayloft.bench;

import io.hayloft.storage.needlemap.CompactNeedleMap;
import io.hayloft.storage.needlemap.NeedleMap;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures what a {@link CompactNeedleMap} costs per needle: heap used after minus before
 * (several {@code System.gc()} rounds, read from {@link MemoryMXBean}), and the theoretical figure
 * from its array capacities ({@link NeedleMap#memoryBytes()}).
 *
 * <p>Three key orders: sequential (how the master assigns keys), shuffled (the same keys arriving
 * out of order) and uniformly random 64-bit keys (the worst case).
 *
 * <pre>
 * java -Xmx2g -cp ... io.hayloft.bench.NeedleMapMemoryBenchmark [needles, default 10000000]
 * </pre>
 */
public final class NeedleMapMemoryBenchmark {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private NeedleMapMemoryBenchmark() {
    }

    /** Runs the three measurements and prints one line each. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        System.out.printf(Locale.ROOT, "needles=%d jvm=%s%n", n, System.getProperty("java.vm.version"));
        measure("sequential", n, null, 0);
        measure("shuffled", n, shuffled(n, 42), 0);
        measure("random64", n, null, 42);
    }

    private static int[] shuffled(int n, long seed) {
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i + 1;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = keys[i];
            keys[i] = keys[j];
            keys[j] = t;
        }
        return keys;
    }

    private static void measure(String name, int n, int[] order, long randomSeed) {
        long before = usedHeap();
        long start = System.nanoTime();
        NeedleMap map = new CompactNeedleMap();
        SplittableRandom random = new SplittableRandom(randomSeed);
        for (int i = 0; i < n; i++) {
            long key = order != null ? order[i] : randomSeed != 0 ? random.nextLong() : i + 1;
            map.put(key, i, 1024 + (i & 1023));
        }
        long elapsed = System.nanoTime() - start;
        long after = usedHeap();
        long live = map.liveCount();
        System.out.printf(Locale.ROOT,
                "%-10s needles=%d measured=%.2f B/needle theoretical=%.2f B/needle insert=%.0f ns/op%n",
                name, live, (after - before) / (double) live, map.memoryBytes() / (double) live,
                elapsed / (double) n);
        Reference.reachabilityFence(map);
        Reference.reachabilityFence(order);
    }

    private static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
