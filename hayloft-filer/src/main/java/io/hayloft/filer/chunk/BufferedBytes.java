package io.hayloft.filer.chunk;

import io.hayloft.http.MemoryBudget;
import java.time.Duration;

/**
 * How many bytes of file content the filer holds in memory right now (chunk buffers of uploads, chunks
 * read for downloads), and the most it ever held: the figure that must stay bounded whatever the file
 * size. Exported as {@code hayloft_filer_buffered_bytes} and {@code hayloft_filer_buffered_peak_bytes}.
 *
 * <p>With a limit, it also bounds it across uploads: an upload's chunk buffers are taken with
 * {@link #tryHold} (and its first with {@link #holdWithin}, which waits for room), so many concurrent
 * uploads share the limit instead of each holding (parallelism + 1) chunks. {@link #hold} counts without
 * asking (a download's chunk, already bounded elsewhere). Thread-safe.
 */
public final class BufferedBytes extends MemoryBudget {
    /** A counter without a limit. */
    public BufferedBytes() {
        super();
    }

    /**
     * @param limit the most bytes {@link #tryHold} and {@link #holdWithin} let be held, at least 1
     * @param wait  how long {@link #holdWithin} waits for room
     */
    public BufferedBytes(long limit, Duration wait) {
        super(limit, wait);
    }
}
