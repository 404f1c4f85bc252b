package io.hayloft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;

/**
 * A live needle verified in place ({@link Volume#readSpan}): its fields, and where its data lies in a
 * channel of its own onto the {@code .dat} file it was verified in, for a reader that sends the bytes
 * from the file without holding them (a zero-copy {@code sendfile}). The channel stays on that file
 * even if a compaction replaces the volume's files meanwhile. Close it when done.
 *
 * @param needle     the needle's fields, with an empty {@code data} array, its checksum and append time
 * @param channel    a read-only channel of its own onto the file
 * @param dataOffset where the data starts in the file, bytes
 * @param dataLength the data's length, bytes
 */
public record NeedleSpan(Needle needle, FileChannel channel, long dataOffset, long dataLength) implements AutoCloseable {
    /** Closes the channel; idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
