package io.hayloft.volume.scrub;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Keeps a pass at or under a byte rate: after each needle, if the pass is ahead of
 * {@code bytes / rate}, the scrub thread sleeps the difference. Bursts are not smoothed beyond one
 * needle. Not thread-safe: one per pass.
 */
final class ScrubThrottle {
    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final LongConsumer sleepNanos;
    private final long startNs;
    private long bytes;

    /**
     * @param bytesPerSecond the rate, positive
     * @param nanoTime       monotonic time source ({@code System::nanoTime})
     * @param sleepNanos     how to wait (parks the scrub thread)
     */
    ScrubThrottle(long bytesPerSecond, LongSupplier nanoTime, LongConsumer sleepNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleepNanos = sleepNanos;
        this.startNs = nanoTime.getAsLong();
    }

    /** Accounts {@code n} bytes just verified and waits until the average rate is back under the limit. */
    void consumed(long n) {
        bytes += n;
        long dueNs = (long) (bytes * 1e9 / bytesPerSecond);
        long aheadNs = dueNs - (nanoTime.getAsLong() - startNs);
        if (aheadNs > 0) {
            sleepNanos.accept(aheadNs);
        }
    }
}
