package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.time.Duration;

/**
 * How many bytes of file content the filer holds in memory right now (chunk buffers of uploads, chunks
 * read for downloads), and the most it ever held: the figure that must stay bounded whatever the file
 * size. Exported as {@code hayloft_filer_buffered_bytes} and {@code hayloft_filer_buffered_peak_bytes}.
 *
 * <p>With a limit, it also bounds it across uploads: an upload's chunk buffers are taken with
 * {@link #tryHold} (and its first with {@link #holdWithin}, which waits for room), so many concurrent
 * uploads share the limit instead of each holding (parallelism + 1) chunks. {@link #hold} counts without
 * asking (a download's chunk, already bounded elsewhere).
 *
 * <p>Thread-safe; {@link #holdWithin} blocks, so call it from a virtual thread.
 */
public final class BufferedBytes {
    private final long limit;
    private final Duration wait;
    private long held;
    private long peak;

    /** A counter without a limit. */
    public BufferedBytes() {
        this(Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * @param limit the most bytes {@link #tryHold} and {@link #holdWithin} let be held, at least 1
     * @param wait  how long {@link #holdWithin} waits for room
     */
    public BufferedBytes(long limit, Duration wait) {
        HayloftException.checkArgument(limit >= 1, "a buffered-bytes limit must be at least 1 byte");
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
                throw new HayloftException(ErrorCode.UNAVAILABLE, "the filer holds " + held + " bytes of uploads, its limit of "
                        + limit + ", and " + n + " more did not come free within " + wait.toMillis() + " ms; retry");
            }
            try {
                wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while waiting for upload memory");
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
