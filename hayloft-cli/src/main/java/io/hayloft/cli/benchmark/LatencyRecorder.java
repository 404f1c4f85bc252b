package io.hayloft.cli.benchmark;

import java.util.Arrays;
import java.util.List;

/** One worker's operation latencies in nanoseconds. Not thread-safe: one per worker. */
final class LatencyRecorder {
    private long[] nanos = new long[1024];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** Every latency of {@code recorders}, sorted ascending. Call after the workers finished. */
    static long[] mergeSorted(List<LatencyRecorder> recorders) {
        long[] all = new long[recorders.stream().mapToInt(LatencyRecorder::count).sum()];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.nanos, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** The {@code p}-quantile (0 &lt; p &lt;= 1) of sorted latencies by the nearest-rank method; 0 when empty. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
