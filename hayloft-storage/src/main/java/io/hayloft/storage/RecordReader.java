package io.hayloft.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads records of a {@code .dat} file in ascending offset order through a large window, so that a
 * compaction reads the file sequentially in big chunks rather than with one small read per needle.
 * A record larger than the window is read on its own.
 *
 * <p>Threading: not thread-safe; one per compaction.
 */
final class RecordReader {
    private final FileChannel channel;
    private final ByteBuffer window;
    private long windowStart;
    private int windowLength;

    RecordReader(FileChannel channel, int windowSize) {
        this.channel = channel;
        this.window = ByteBuffer.allocateDirect(windowSize);
    }

    /**
     * Returns the bytes {@code [offset, offset + length)} as a buffer indexed from 0, valid until the
     * next call.
     *
     * @param readableEnd how far the file may be read ahead (its known written end)
     * @throws io.hayloft.api.HayloftException {@code CORRUPT} if the file ends before the record
     * @throws java.io.UncheckedIOException   on an I/O failure
     */
    ByteBuffer read(long offset, int length, long readableEnd) {
        if (offset >= windowStart && offset + length <= windowStart + windowLength) {
            return window.slice((int) (offset - windowStart), length);
        }
        if (length > window.capacity()) {
            ByteBuffer single = ByteBuffer.allocate(length);
            FileIo.readFully(channel, single, offset);
            return single.clear();
        }
        int fill = (int) Math.max(length, Math.min(window.capacity(), readableEnd - offset));
        window.clear().limit(fill);
        windowLength = 0;
        FileIo.readFully(channel, window, offset);
        windowStart = offset;
        windowLength = fill;
        return window.slice(0, length);
    }
}
