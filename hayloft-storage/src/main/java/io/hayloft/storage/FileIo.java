package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional whole-buffer reads and writes on a {@link FileChannel}; never moves the channel position. */
final class FileIo {
    private FileIo() {
    }

    /**
     * Fills {@code buffer} (from its position to its limit) from the file at {@code position}.
     *
     * @throws HayloftException     {@code CORRUPT} if the file ends first
     * @throws UncheckedIOException on an I/O failure
     */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) {
        long p = position;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, p);
                if (n < 0) {
                    throw new HayloftException(ErrorCode.CORRUPT, "unexpected end of file at byte " + p
                            + " while reading from byte " + position);
                }
                p += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read failed at byte " + position, e);
        }
    }

    /**
     * Writes all of {@code buffer} (from its position to its limit) at {@code position}.
     *
     * @throws UncheckedIOException on an I/O failure
     */
    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) {
        long p = position;
        try {
            while (buffer.hasRemaining()) {
                p += channel.write(buffer, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write failed at byte " + position, e);
        }
    }
}
