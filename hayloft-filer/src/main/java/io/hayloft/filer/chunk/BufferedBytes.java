package io.hayloft.filer.chunk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of file content the filer holds in memory right now (chunk buffers of uploads, chunks
 * read for downloads), and the most it ever held: the figure that must stay bounded whatever the file
 * size. Exported as {@code hayloft_filer_buffered_bytes} and {@code hayloft_filer_buffered_peak_bytes}.
 * Thread-safe.
 */
public final class BufferedBytes {
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /** Counts {@code n} more bytes held. */
    public void hold(long n) {
        long now = held.addAndGet(n);
        peak.accumulateAndGet(now, Math::max);
    }

    /** Counts {@code n} bytes no longer held. */
    public void release(long n) {
        held.addAndGet(-n);
    }

    /** Bytes held now. */
    public long current() {
        return held.get();
    }

    /** The most bytes ever held at once. */
    public long peak() {
        return peak.get();
    }
}
