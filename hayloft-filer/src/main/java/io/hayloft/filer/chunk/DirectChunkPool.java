package io.hayloft.filer.chunk;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The native memory a filer reads chunks into before they go to the socket, bounded and kept for reuse.
 *
 * <p><b>Bounded.</b> At most {@code limitBytes} are out at once, buffers on loan and buffers kept
 * together: a request that does not fit waits for a buffer to come back ({@link #take}) or is told so
 * ({@link #tryTake}). Without the bound every concurrent download of a large file held about two chunks
 * of direct memory, and eight downloads of a 64 MiB file ran the JVM out of direct memory: downloads
 * were cut short and even the heartbeat failed.
 *
 * <p><b>Kept for reuse.</b> A fresh buffer costs zeroing every byte and a page fault per page (a profile
 * of a 256 MiB GET had {@code Unsafe.setMemory} alone at 15 % of the server's CPU, one 8 MiB allocation
 * per chunk); a buffer given back serves the next chunk as it is. At most {@code retainBytes} of free
 * buffers are kept; beyond that, and when a request needs room, free buffers are released at once.
 *
 * <p><b>Where the memory lives.</b> Chunk-sized buffers ({@link #MIN_POOLED} bytes or more) are
 * allocated here, each from its own {@link Arena}, and released by closing it: native memory that is
 * returned when this pool says so, not when the garbage collector gets to a buffer, and that does not
 * count against {@code -XX:MaxDirectMemorySize}, which Netty's own buffers keep for themselves.
 * Capacities are rounded up to a whole {@value #GRAIN_BYTES}-byte grain, and a request takes the
 * smallest free buffer of at least its size and at most twice it. Smaller reads take Netty's pooled
 * buffers, whose bytes are counted here through {@link #reserve}/{@link #unreserve}.
 *
 * <p>Thread-safe; {@link #take} and {@link #reserve} block, so call them from virtual threads.
 */
public final class DirectChunkPool {
    /** Requests below this many bytes are not allocated here (only counted). */
    public static final int MIN_POOLED = 1 << 20;
    static final int GRAIN_BYTES = 1 << 20;

    private final long retainBytes;
    private final long limitBytes;
    private final Duration wait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    /** Every buffer allocated here and not yet released, free or on loan, with the arena that holds it. */
    private final Map<ByteBuffer, Arena> arenas = new IdentityHashMap<>();
    private long freeBytes;
    private long loanedBytes;
    private long reservedBytes;
    private long allocations;
    private long peakBytes;
    private int waiting;

    /**
     * @param retainBytes the most bytes of free buffers kept for reuse, at least 0
     * @param limitBytes  the most bytes out at once (on loan, kept or reserved), at least {@link #MIN_POOLED}
     * @param wait        how long {@link #take} and {@link #reserve} wait for room before giving up
     */
    public DirectChunkPool(long retainBytes, long limitBytes, Duration wait) {
        HayloftException.checkArgument(retainBytes >= 0, "a chunk pool cannot retain a negative size");
        HayloftException.checkArgument(limitBytes >= MIN_POOLED, "a chunk pool's limit must be at least " + MIN_POOLED + " bytes");
        this.retainBytes = Math.min(retainBytes, limitBytes);
        this.limitBytes = limitBytes;
        this.wait = wait;
    }

    /**
     * A buffer of capacity at least {@code size} (contents undefined), position 0 and limit {@code size}:
     * a kept one if one fits, else a new one; waits while the pool is at its limit.
     *
     * @throws IllegalArgumentException when {@code size} is below {@link #MIN_POOLED}
     * @throws HayloftException         UNAVAILABLE when no room came back in time, or the size exceeds the limit
     */
    public ByteBuffer take(int size) {
        checkPooled(size);
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                ByteBuffer b = takeLocked(size);
                if (b != null) {
                    return b;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw busy(size);
                }
                await(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(size);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #take} that does not wait.
     *
     * @return the buffer, or null when the pool is at its limit
     */
    public ByteBuffer tryTake(int size) {
        checkPooled(size);
        lock.lock();
        try {
            return takeLocked(size);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a buffer from {@link #take} or {@link #tryTake}; its contents are not looked at. */
    public void give(ByteBuffer buffer) {
        Arena released = null;
        lock.lock();
        try {
            if (!arenas.containsKey(buffer)) {
                throw new IllegalArgumentException("not a buffer of this pool");
            }
            loanedBytes -= buffer.capacity();
            if (freeBytes + buffer.capacity() <= retainBytes) {
                free.push(buffer);
                freeBytes += buffer.capacity();
            } else {
                released = arenas.remove(buffer);
            }
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        if (released != null) {
            released.close();
        }
    }

    /**
     * Counts {@code bytes} of a buffer allocated elsewhere (a small read's) against the limit, waiting
     * while there is no room.
     *
     * @throws HayloftException UNAVAILABLE when no room came back in time
     */
    public void reserve(long bytes) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (!makeRoom(bytes)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw busy(bytes);
                }
                await(left);
            }
            reservedBytes += bytes;
            notePeak();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back {@code bytes} counted by {@link #reserve}. */
    public void unreserve(long bytes) {
        lock.lock();
        try {
            reservedBytes -= bytes;
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of free buffers kept now. */
    public long freeBytes() {
        lock.lock();
        try {
            return freeBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes out now: buffers on loan, free buffers kept, and bytes reserved. Never above {@link #limitBytes()}. */
    public long usedBytes() {
        lock.lock();
        try {
            return loanedBytes + freeBytes + reservedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes that were ever out at once (at most {@link #limitBytes()}). */
    public long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes out at once. */
    public long limitBytes() {
        return limitBytes;
    }

    /** How many buffers this pool allocated (requests no kept buffer served). */
    public long allocations() {
        lock.lock();
        try {
            return allocations;
        } finally {
            lock.unlock();
        }
    }

    /** A kept buffer that fits, else a new one if there is room (releasing kept ones to make it); else null. */
    private ByteBuffer takeLocked(int size) {
        ByteBuffer found = null;
        for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
            ByteBuffer b = it.next();
            int capacity = b.capacity();
            if (capacity >= size && capacity / 2 <= size && (found == null || capacity < found.capacity())) {
                found = b;
            }
        }
        if (found != null) {
            free.remove(found);
            freeBytes -= found.capacity();
        } else {
            long rounded = Math.min(((long) size + GRAIN_BYTES - 1) / GRAIN_BYTES * GRAIN_BYTES, Integer.MAX_VALUE - 8);
            if (rounded > limitBytes) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "a chunk of " + size
                        + " bytes does not fit in the filer's read buffers (" + limitBytes + " bytes)");
            }
            if (!makeRoom(rounded)) {
                return null;
            }
            Arena arena = Arena.ofShared();
            found = arena.allocate(rounded).asByteBuffer();
            arenas.put(found, arena);
            allocations++;
        }
        loanedBytes += found.capacity();
        notePeak();
        return found.clear().limit(size);
    }

    /** True when {@code bytes} more fit under the limit, after releasing kept buffers as needed. */
    private boolean makeRoom(long bytes) {
        while (loanedBytes + freeBytes + reservedBytes + bytes > limitBytes && !free.isEmpty()) {
            ByteBuffer dropped = free.pollLast();
            freeBytes -= dropped.capacity();
            arenas.remove(dropped).close();
        }
        return loanedBytes + freeBytes + reservedBytes + bytes <= limitBytes;
    }

    private void notePeak() {
        peakBytes = Math.max(peakBytes, loanedBytes + freeBytes + reservedBytes);
    }

    /** Waits for a buffer or bytes to come back, at most {@code nanos}; caller holds the lock. */
    private void await(long nanos) throws InterruptedException {
        waiting++;
        try {
            returned.awaitNanos(nanos);
        } finally {
            waiting--;
        }
    }

    /** How many callers wait for room now. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    private static void checkPooled(int size) {
        if (size < MIN_POOLED) {
            throw new IllegalArgumentException(size + " bytes is below the pooled size " + MIN_POOLED);
        }
    }

    private HayloftException busy(long bytes) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "the filer's read buffers are all in use ("
                + limitBytes + " bytes) and " + bytes + " more did not come free within " + wait.toMillis()
                + " ms; retry");
    }
}
