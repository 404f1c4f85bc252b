package io.hayloft.filer.chunk;

import io.hayloft.api.HayloftException;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Chunk arrays kept between uploads, filer-wide: an upload that ends gives its arrays here, the next one
 * takes them instead of allocating. Without it every large upload allocated (parallelism + 1) fresh
 * chunk-sized arrays (8 MiB each by default) that outlived the young generation and piled up as garbage in
 * the old one: the heap, and with it the RSS, grew by about 20 MiB per upload until a full collection
 * (568 MiB of RSS after twelve 256 MiB uploads).
 *
 * <p>Bounded: at most {@code retainBytes} of arrays are kept; an array offered beyond that is dropped. The
 * kept arrays stay counted in {@link BufferedBytes} (they are file-content memory the filer holds), and
 * {@link #dropForRoom} gives their room back when an upload needs it for an array of another size.
 *
 * <p>Thread-safe.
 */
final class SpareChunkArrays {
    private final long retainBytes;
    private final BufferedBytes buffered;
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private long spareBytes;

    /**
     * @param retainBytes the most bytes of arrays kept, at least 0 (0: none is kept)
     * @param buffered    where the kept arrays stay counted, and dropped ones are uncounted
     */
    SpareChunkArrays(long retainBytes, BufferedBytes buffered) {
        HayloftException.checkArgument(retainBytes >= 0, "spare chunk arrays cannot retain a negative size");
        this.retainBytes = retainBytes;
        this.buffered = buffered;
    }

    /**
     * A kept array of exactly {@code size} bytes (contents undefined), or null when none is kept. The array
     * stays counted in {@link BufferedBytes}: the caller owns that count now.
     */
    synchronized byte[] poll(int size) {
        for (Iterator<byte[]> it = spare.iterator(); it.hasNext(); ) {
            byte[] array = it.next();
            if (array.length == size) {
                it.remove();
                spareBytes -= size;
                return array;
            }
        }
        return null;
    }

    /**
     * Takes back an array counted in {@link BufferedBytes} (the count comes with it): kept if there is room
     * under the retain bound, else dropped and uncounted.
     */
    void offer(byte[] array) {
        synchronized (this) {
            if (spareBytes + array.length <= retainBytes) {
                spare.push(array);
                spareBytes += array.length;
                return;
            }
        }
        buffered.release(array.length);
    }

    /** Drops every kept array and uncounts it, so an upload that needs room finds it; true if one was kept. */
    boolean dropForRoom() {
        long dropped;
        synchronized (this) {
            dropped = spareBytes;
            spare.clear();
            spareBytes = 0;
        }
        if (dropped > 0) {
            buffered.release(dropped);
        }
        return dropped > 0;
    }

    /** Bytes of arrays kept now. */
    synchronized long spareBytes() {
        return spareBytes;
    }
}
