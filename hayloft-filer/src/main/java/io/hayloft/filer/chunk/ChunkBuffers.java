package io.hayloft.filer.chunk;

import io.hayloft.api.HayloftException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chunk buffers of one upload: at most {@code capacity} arrays of {@code chunkSize} bytes, each
 * taken the first time it is needed (from the arrays earlier uploads left in {@link SpareChunkArrays}, or
 * allocated) and reused for every later chunk (a fresh array costs the JVM zeroing {@code chunkSize}
 * bytes, and the garbage collector a large object, per chunk). Every array the pool holds is counted in
 * {@link BufferedBytes}; {@link #close} hands them to the spares, which keep or uncount them.
 *
 * <p>Thread-safe: {@link #take} blocks while every buffer is out, which is what bounds an upload's memory
 * and paces reading to storing; {@link #give} may come from any thread. Close only after every buffer was
 * given back (the uploads finished or failed).
 */
final class ChunkBuffers implements AutoCloseable {
    private final int chunkSize;
    private final BufferedBytes buffered;
    private final SpareChunkArrays spares;
    private final Semaphore available;
    private final LinkedBlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final AtomicInteger allocated = new AtomicInteger();

    /**
     * A pool that keeps nothing between uploads.
     *
     * @param chunkSize bytes per buffer, at least 1
     * @param capacity  most buffers at once, at least 1
     */
    ChunkBuffers(int chunkSize, int capacity, BufferedBytes buffered) {
        this(chunkSize, capacity, buffered, new SpareChunkArrays(0, buffered));
    }

    /**
     * @param chunkSize bytes per buffer, at least 1
     * @param capacity  most buffers at once, at least 1
     * @param spares    arrays earlier uploads left, taken before allocating and given the arrays at close;
     *                  counted in the same {@code buffered}
     */
    ChunkBuffers(int chunkSize, int capacity, BufferedBytes buffered, SpareChunkArrays spares) {
        HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
        HayloftException.checkArgument(capacity >= 1, "a chunk pool needs at least one buffer");
        this.chunkSize = chunkSize;
        this.buffered = buffered;
        this.spares = spares;
        this.available = new Semaphore(capacity);
    }

    /**
     * A buffer of {@code chunkSize} bytes (contents undefined), waiting while all are out. A spare array of
     * that size is taken first; a new array is allocated only while {@link BufferedBytes} has room under its
     * limit (spares of other sizes are dropped to make it); when it has none, an upload that already has an
     * array waits for one of its own to come back (its chunk stored), and one that has none waits for room.
     *
     * @throws HayloftException UNAVAILABLE when the upload has no array and no room came free in time
     */
    byte[] take() {
        available.acquireUninterruptibly();
        try {
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            byte[] kept = spares.poll(chunkSize);
            if (kept != null) {
                allocated.incrementAndGet();
                return kept;
            }
            if (!buffered.tryHold(chunkSize) && !(spares.dropForRoom() && buffered.tryHold(chunkSize))) {
                if (allocated.get() > 0) {
                    return free.take(); // one of this upload's arrays comes back once its chunk is stored
                }
                buffered.holdWithin(chunkSize);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available.release();
            throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, "interrupted while waiting for a chunk buffer");
        } catch (RuntimeException e) {
            available.release();
            throw e;
        }
        byte[] buffer;
        try {
            buffer = new byte[chunkSize];
        } catch (OutOfMemoryError e) {
            buffered.release(chunkSize);
            available.release();
            throw e;
        }
        allocated.incrementAndGet();
        return buffer;
    }

    /** Returns a buffer from {@link #take} to the pool, for the next chunk. */
    void give(byte[] buffer) {
        free.add(buffer);
        available.release();
    }

    /** How many arrays the pool took so far, spare or allocated (at most its capacity). */
    int allocated() {
        return allocated.get();
    }

    /** True while a {@link #take} waits for a buffer. */
    boolean hasWaiters() {
        return available.hasQueuedThreads();
    }

    /**
     * Gives the buffers to the spares (which keep them, or drop and uncount them from {@link BufferedBytes});
     * a buffer still out is uncounted.
     */
    @Override
    public void close() {
        int out = allocated.getAndSet(0);
        for (byte[] buffer; (buffer = free.poll()) != null; out--) {
            spares.offer(buffer);
        }
        buffered.release((long) out * chunkSize);
    }
}
