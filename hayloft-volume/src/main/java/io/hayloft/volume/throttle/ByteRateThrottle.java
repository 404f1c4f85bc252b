package io.hayloft.volume.throttle;

import io.hayloft.api.HayloftException;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Keeps a stream of work (a scrub pass, a volume copy) at or under a byte rate: after each unit of
 * work the caller reports its bytes, and if the run is ahead of {@code bytes / rate} the calling
 * thread waits the difference. Bursts are not smoothed beyond one unit (one needle, one chunk).
 *
 * <p>Not thread-safe: one per run, used by the thread doing the work (a virtual thread).
 */
public final class ByteRateThrottle {
    /** One MiB, the unit of the {@code -scrubMBps} and {@code mbps} settings. */
    public static final long MIB = 1024L * 1024;

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final LongConsumer sleepNanos;
    private final long startNs;
    private long bytes;

    /**
     * @param bytesPerSecond the rate, positive
     * @param nanoTime       monotonic time source ({@code System::nanoTime})
     * @param sleepNanos     how to wait (parks the working thread)
     * @throws HayloftException {@code BAD_REQUEST} if the rate is not positive
     */
    public ByteRateThrottle(long bytesPerSecond, LongSupplier nanoTime, LongConsumer sleepNanos) {
        HayloftException.checkArgument(bytesPerSecond > 0, "a throttle rate must be positive, got " + bytesPerSecond);
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleepNanos = sleepNanos;
        this.startNs = nanoTime.getAsLong();
    }

    /**
     * A throttle at {@code mibPerSecond} MiB/s on the system's monotonic clock that sleeps the
     * calling thread (interrupting it ends the wait early and keeps the interrupt flag).
     */
    public static ByteRateThrottle mibPerSecond(long mibPerSecond) {
        HayloftException.checkArgument(mibPerSecond > 0 && mibPerSecond <= Long.MAX_VALUE / MIB,
                "a throttle rate in MiB/s must be positive, got " + mibPerSecond);
        return new ByteRateThrottle(mibPerSecond * MIB, System::nanoTime, ByteRateThrottle::sleep);
    }

    /** Accounts {@code n} bytes just processed and waits until the average rate is back under the limit. */
    public void consumed(long n) {
        bytes += n;
        long dueNs = (long) (bytes * 1e9 / bytesPerSecond);
        long aheadNs = dueNs - (nanoTime.getAsLong() - startNs);
        if (aheadNs > 0) {
            sleepNanos.accept(aheadNs);
        }
    }

    /** The rate, bytes per second. */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(java.time.Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
