package io.hayloft.filer.chunk;

import io.hayloft.api.HayloftException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chunk buffers of one upload: at most {@code capacity} arrays of {@code chunkSize} bytes, each
 * allocated the first time it is needed and reused for every later chunk (a fresh array costs the JVM
 * zeroing {@code chunkSize} bytes, and the garbage collector a large object, per chunk). Every array the
 * pool allocated is counted in {@link BufferedBytes} until {@link #close}.
 *
 * <p>Thread-safe: {@link #take} blocks while every buffer is out, which is what bounds an upload's memory
 * and paces reading to storing; {@link #give} may come from any thread. Close only after every buffer was
 * given back (the uploads finished or failed).
 */
final class ChunkBuffers implements AutoCloseable {
    private final int chunkSize;
    private final BufferedBytes buffered;
    private final Semaphore available;
    private final LinkedBlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final AtomicInteger allocated = new AtomicInteger();

    /**
     * @param chunkSize bytes per buffer, at least 1
     * @param capacity  most buffers at once, at least 1
     */
    ChunkBuffers(int chunkSize, int capacity, BufferedBytes buffered) {
        HayloftException.checkArgument(chunkSize >= 1, "chunk size must be at least 1 byte");
        HayloftException.checkArgument(capacity >= 1, "a chunk pool needs at least one buffer");
        this.chunkSize = chunkSize;
        this.buffered = buffered;
        this.available = new Semaphore(capacity);
    }

    /**
     * A buffer of {@code chunkSize} bytes (contents undefined), waiting while all are out. A new array is
     * allocated only while {@link BufferedBytes} has room under its limit; when it has none, an upload that
     * already has an array waits for one of its own to come back (its chunk stored), and one that has none
     * waits for room.
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
            if (!buffered.tryHold(chunkSize)) {
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

    /** How many arrays the pool allocated so far (at most its capacity). */
    int allocated() {
        return allocated.get();
    }

    /** True while a {@link #take} waits for a buffer. */
    boolean hasWaiters() {
        return available.hasQueuedThreads();
    }

    /** Drops the buffers and uncounts them from {@link BufferedBytes}. */
    @Override
    public void close() {
        free.clear();
        buffered.release((long) allocated.getAndSet(0) * chunkSize);
    }
}
