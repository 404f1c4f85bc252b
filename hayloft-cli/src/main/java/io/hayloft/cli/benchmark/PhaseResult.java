package io.hayloft.cli.benchmark;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What one phase measured.
 *
 * @param name         "Write" or "Read"
 * @param concurrency  workers
 * @param completed    operations that succeeded
 * @param failed       operations that failed
 * @param bytes        payload bytes moved by the successful operations
 * @param elapsedNanos wall time of the whole phase
 * @param latencies    latencies of the successful operations, nanoseconds, sorted
 * @param firstError   the first failure's message, or null
 */
record PhaseResult(String name, int concurrency, long completed, long failed, long bytes, long elapsedNanos,
                   long[] latencies, String firstError) {
    double seconds() {
        return elapsedNanos / 1e9;
    }

    double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : completed / seconds();
    }

    /** Decimal megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytes / 1e6 / seconds();
    }

    /** Writes the report block, {@code weed benchmark} style. */
    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%n------------ %s phase ------------%n", name);
        out.printf(Locale.ROOT, "Concurrency level:     %d%n", concurrency);
        out.printf(Locale.ROOT, "Time taken:            %.3f s%n", seconds());
        out.printf(Locale.ROOT, "Completed requests:    %d%n", completed);
        out.printf(Locale.ROOT, "Failed requests:       %d%n", failed);
        out.printf(Locale.ROOT, "Total transferred:     %d bytes%n", bytes);
        out.printf(Locale.ROOT, "Requests per second:   %.2f [#/sec]%n", requestsPerSecond());
        out.printf(Locale.ROOT, "Transfer rate:         %.2f MB/s%n", megabytesPerSecond());
        out.printf(Locale.ROOT, "Latency (ms):          p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                millis(0.50), millis(0.90), millis(0.99), millis(0.999), millis(1.0));
        if (firstError != null) {
            out.printf(Locale.ROOT, "First error:           %s%n", firstError);
        }
    }

    private double millis(double p) {
        return LatencyRecorder.percentile(latencies, p) / 1e6;
    }
}
