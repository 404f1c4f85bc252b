package io.hayloft.cli.simulate.cluster;

import java.util.Arrays;

/**
 * Latencies of one kind of request over one interval, kept as a bounded sample (reservoir sampling
 * past {@code capacity}) from which percentiles are read by sorting. Thread-safe.
 */
public final class LatencySample {
    private final long[] micros;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    private int kept;
    private long seen;
    private long errors;

    /** @param capacity latencies kept at most; past it each new one replaces a random kept one */
    LatencySample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.micros = new long[capacity];
    }

    /** Records one answered request that took {@code nanos}. */
    synchronized void record(long nanos) {
        long us = Math.max(0, nanos / 1000);
        seen++;
        if (kept < micros.length) {
            micros[kept++] = us;
        } else {
            long slot = random.nextLong(seen);
            if (slot < micros.length) {
                micros[(int) slot] = us;
            }
        }
    }

    /** Records one request that failed or was refused. */
    synchronized void error() {
        errors++;
    }

    /** The percentiles so far and resets the sample for the next interval. */
    synchronized Percentiles drain() {
        long[] sorted = Arrays.copyOf(micros, kept);
        Arrays.sort(sorted);
        Percentiles p = new Percentiles(seen, errors, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        kept = 0;
        seen = 0;
        errors = 0;
        return p;
    }

    /** The value at quantile {@code q} (nearest rank) of {@code sorted}, in ms; 0 when empty. */
    static double at(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1000.0;
    }

    /**
     * Percentiles of one interval, in milliseconds.
     *
     * @param count  requests answered
     * @param errors requests failed
     */
    public record Percentiles(long count, long errors, double p50, double p99, double p999, double max) {
    }
}
