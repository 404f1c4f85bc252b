package io.hayloft.filer.chunk;

import io.hayloft.api.HayloftException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Direct buffers for whole chunks, kept for reuse. A fresh direct buffer costs the JVM zeroing every
 * byte of it and the kernel a page fault per page (a profile of a 256 MiB filer GET had
 * {@code Unsafe.setMemory} alone at 15 % of the server's CPU, one 8 MiB allocation per chunk); a
 * buffer given back here serves the next chunk as it is.
 *
 * <p>Only chunk-sized requests come here ({@link #MIN_POOLED} bytes or more; smaller ones are cheap from
 * Netty's pooled allocator). Capacities are rounded up to a whole {@value #GRAIN_BYTES}-byte grain, and a
 * request takes the smallest free buffer of at least its size and at most twice it. At most
 * {@code retainBytes} of free buffers are kept; a buffer given back beyond that is dropped to the garbage
 * collector. Buffers out on loan are the caller's to count ({@link BufferedBytes}).
 *
 * <p>Thread-safe.
 */
public final class DirectChunkPool {
    /** Requests below this many bytes are not pooled here. */
    public static final int MIN_POOLED = 1 << 20;
    static final int GRAIN_BYTES = 1 << 20;

    private final long retainBytes;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long freeBytes;
    private long allocations;

    /** @param retainBytes the most bytes of free buffers kept for reuse, at least 0 */
    public DirectChunkPool(long retainBytes) {
        HayloftException.checkArgument(retainBytes >= 0, "a chunk pool cannot retain a negative size");
        this.retainBytes = retainBytes;
    }

    /**
     * A direct buffer of capacity at least {@code size} (contents undefined), position 0 and limit
     * {@code size}: a kept one if one fits, else a new one.
     *
     * @throws IllegalArgumentException when {@code size} is below {@link #MIN_POOLED}
     */
    public ByteBuffer take(int size) {
        if (size < MIN_POOLED) {
            throw new IllegalArgumentException(size + " bytes is below the pooled size " + MIN_POOLED);
        }
        ByteBuffer found = null;
        synchronized (this) {
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
                allocations++;
            }
        }
        if (found == null) {
            long rounded = ((long) size + GRAIN_BYTES - 1) / GRAIN_BYTES * GRAIN_BYTES;
            found = ByteBuffer.allocateDirect((int) Math.min(rounded, Integer.MAX_VALUE - 8));
        }
        return found.clear().limit(size);
    }

    /** Gives back a buffer from {@link #take}; its contents are not looked at. */
    public void give(ByteBuffer buffer) {
        synchronized (this) {
            if (freeBytes + buffer.capacity() <= retainBytes) {
                free.push(buffer);
                freeBytes += buffer.capacity();
            }
        }
    }

    /** Bytes of free buffers kept now. */
    public synchronized long freeBytes() {
        return freeBytes;
    }

    /** How many buffers this pool allocated (requests no kept buffer served). */
    public synchronized long allocations() {
        return allocations;
    }
}
