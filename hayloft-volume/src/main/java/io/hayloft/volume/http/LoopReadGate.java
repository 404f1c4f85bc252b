package io.hayloft.volume.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides whether {@link FastReadPath} may read a needle on the event loop. A read of a few KiB from
 * the page cache takes microseconds, so it is cheaper on the loop than handed to a virtual thread;
 * a read that goes to the disk takes a millisecond or more, and on the loop it stalls every other
 * connection of that loop and leaves one disk read in flight per loop where virtual threads keep
 * many (cold reads fell to 0.74× nginx's with every read on the loop). So: reads run on the loop
 * until one takes longer than the slow threshold; then, for {@link #COOL_DOWN}, every read goes to the
 * router's virtual threads; after it, the next read tries the loop again. A cold workload thus costs
 * at most one stalled read per loop and cool-down.
 *
 * <p>Thread-safe: one volatile deadline; racing updates both set a deadline in the future.
 */
final class LoopReadGate {
    /** How long reads stay off the loop after a slow one. */
    static final Duration COOL_DOWN = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    private final long slowNanos;
    private volatile long offloadUntil;

    /**
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     * @param slow     a read slower than this did not come from the page cache
     */
    LoopReadGate(LongSupplier nanoTime, Duration slow) {
        this.nanoTime = nanoTime;
        this.slowNanos = slow.toNanos();
        this.offloadUntil = nanoTime.getAsLong();
    }

    /** The current time of this gate's clock, to pass back to {@link #readTook}. */
    long now() {
        return nanoTime.getAsLong();
    }

    /** True when a read may run on the event loop now. */
    boolean mayReadOnLoop() {
        return nanoTime.getAsLong() - offloadUntil >= 0;
    }

    /** Reports a read done on the loop that started at {@code startNanos} (a {@link #now} value). */
    void readTook(long startNanos) {
        long end = nanoTime.getAsLong();
        if (end - startNanos > slowNanos) {
            offloadUntil = end + COOL_DOWN.toNanos();
        }
    }
}
