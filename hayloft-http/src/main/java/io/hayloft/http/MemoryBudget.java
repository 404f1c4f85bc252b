package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.time.Duration;

/**
 * Bytes of request or file content a server holds in memory right now, and the most it ever held,
 * with a limit that callers taking memory for a client's request keep to: {@link #tryHold} takes room if
 * there is some (always when nothing is held, so one body larger than the limit still gets through
 * alone), {@link #holdWithin} waits for room, {@link #hold} counts without asking (memory bounded
 * elsewhere). A server that buffered whatever its clients sent ran out of heap with a few large uploads
 * at once; with a budget a client beyond it is answered 503 with {@code Retry-After} instead.
 *
 * <p>Thread-safe; {@link #holdWithin} blocks, so call it from a virtual thread.
 */
public class MemoryBudget {
    private final long limit;
    private final Duration wait;
    private long held;
    private long peak;

    /** A counter without a limit. */
    public MemoryBudget() {
        this(Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * @param limit the most bytes {@link #tryHold} and {@link #holdWithin} let be held, at least 1
     * @param wait  how long {@link #holdWithin} waits for room
     */
    public MemoryBudget(long limit, Duration wait) {
        HayloftException.checkArgument(limit >= 1, "a memory budget must be at least 1 byte");
        this.limit = limit;
        this.wait = wait;
    }

    /** Counts {@code n} more bytes held, whatever the limit. */
    public synchronized void hold(long n) {
        held += n;
        peak = Math.max(peak, held);
    }

    /** Counts {@code n} more bytes held if they fit under the limit (always when nothing is held). */
    public synchronized boolean tryHold(long n) {
        if (held > 0 && held + n > limit) {
            return false;
        }
        hold(n);
        return true;
    }

    /**
     * {@link #tryHold}, waiting for room while there is none.
     *
     * @throws HayloftException UNAVAILABLE when no room came free in time
     */
    public synchronized void holdWithin(long n) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!tryHold(n)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "this server holds " + held + " bytes of request content, its limit of "
                        + limit + ", and " + n + " more did not come free within " + wait.toMillis() + " ms; retry");
            }
            try {
                wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while waiting for memory");
            }
        }
    }

    /** Counts {@code n} bytes no longer held. */
    public synchronized void release(long n) {
        held -= n;
        notifyAll();
    }

    /** Bytes held now. */
    public synchronized long current() {
        return held;
    }

    /** The most bytes ever held at once. */
    public synchronized long peak() {
        return peak;
    }

    /** The limit {@link #tryHold} and {@link #holdWithin} keep to ({@code Long.MAX_VALUE}: none). */
    public long limit() {
        return limit;
    }
}
