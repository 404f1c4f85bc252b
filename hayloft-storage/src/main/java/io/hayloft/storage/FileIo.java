package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
     * True when {@code failure} (or a cause of it) is the file system's "no space left on device" (ENOSPC): the
     * JDK gives it as an {@link IOException} with the C library's message, the only place it says so.
     */
    static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
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

    /**
     * Forces a directory's entries (creations, renames, deletions) to disk, so that a rename
     * made before this call survives a power failure.
     *
     * @throws UncheckedIOException on an I/O failure
     */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force directory " + dir, e);
        }
    }

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists.
     *
     * @throws UncheckedIOException on an I/O failure
     */
    static void replace(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to, e);
        }
    }

    /**
     * Deletes a file if it exists.
     *
     * @return true if a file was deleted
     * @throws UncheckedIOException on an I/O failure
     */
    static boolean deleteIfExists(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
