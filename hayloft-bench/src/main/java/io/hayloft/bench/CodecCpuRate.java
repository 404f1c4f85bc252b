package io.hayloft.bench;

import io.hayloft.storage.ec.ReedSolomon;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * RS(10,4) encode and 4-lost rebuild throughput per CPU second of the calling thread (not per wall second):
 * on a machine shared with other work, a thread's CPU time counts only the time it ran, so the figure is the
 * codec's per-core rate even when the wall clock is not. One stripe of 10 data shards of {@code shardBytes};
 * each operation warmed up for {@code seconds}, then timed for {@code seconds} (wall), five rounds, the median
 * printed. The kernel is whatever the JVM offers ({@code --add-modules=jdk.incubator.vector}: the Vector API).
 *
 * <pre>java [--add-modules=jdk.incubator.vector] -cp ... io.hayloft.bench.CodecCpuRate [shardBytes=1048576] [seconds=2]</pre>
 */
public final class CodecCpuRate {
    private CodecCpuRate() {
    }

    public static void main(String[] args) {
        int shardBytes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        ReedSolomon rs = ReedSolomon.rs10x4();
        byte[][] shards = new byte[14][shardBytes];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            random.nextBytes(shards[i]);
        }
        rs.encode(shards, 0, shardBytes);
        boolean[] present = new boolean[14];
        Arrays.fill(present, true);
        present[0] = present[3] = present[7] = present[12] = false; // three data shards and one parity
        Runnable encode = () -> rs.encode(shards, 0, shardBytes);
        Runnable rebuild = () -> rs.reconstruct(shards, present, 0, shardBytes);
        System.out.printf("kernel %s, stripe 10 x %d bytes%n", rs.kernelName(), shardBytes);
        for (String op : new String[] {"encode", "rebuildFour"}) {
            Runnable r = op.equals("encode") ? encode : rebuild;
            run(r, seconds); // warm-up
            double[] rates = new double[5];
            for (int round = 0; round < rates.length; round++) {
                rates[round] = run(r, seconds) * 10.0 * shardBytes / (1 << 30);
            }
            Arrays.sort(rates);
            System.out.printf("%-12s %.2f GiB of data per CPU second (median of 5; min %.2f, max %.2f)%n", op,
                    rates[2], rates[0], rates[4]);
        }
    }

    /** Runs {@code op} for about {@code seconds} of wall time; stripes per CPU second of this thread. */
    private static double run(Runnable op, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long ops = 0;
        while (System.nanoTime() < wallEnd) {
            op.run();
            ops++;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        return ops / (cpu / 1e9);
    }
}
