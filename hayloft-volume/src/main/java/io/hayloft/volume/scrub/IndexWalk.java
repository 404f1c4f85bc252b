package io.hayloft.volume.scrub;

import io.hayloft.storage.IndexScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a volume's {@code .idx} file sequentially, live entry by live entry, without holding any
 * lock of the volume, through {@link IndexScan} (which documents the layout and the races). Only
 * whole entries present when a chunk is read are visited: an append racing with the walk is seen
 * or not.
 */
final class IndexWalk {
    /** Receives one live (non-tombstone) entry. */
    @FunctionalInterface
    interface LiveEntry {
        /** @return false to stop the walk */
        boolean visit(long key, long byteOffset, int size);
    }

    private IndexWalk() {
    }

    /**
     * Visits every non-tombstone entry of {@code idx} in file order.
     *
     * @return entries visited
     * @throws UncheckedIOException when the file cannot be read (for instance a compaction replaced it)
     */
    static long walk(Path idx, LiveEntry visitor) {
        long[] visited = {0};
        IndexScan.scan(idx, (key, offsetUnits, size) -> {
            if (IndexScan.isTombstone(size)) {
                return true;
            }
            visited[0]++;
            return visitor.visit(key, offsetUnits << 3, size);
        });
        return visited[0];
    }

    /**
     * What a corrupt record still says about the needle it held, read from its fixed positions
     * ({@code io.hayloft.storage.NeedleCodec}'s layout: cookie at 0, data size at 16, CRC-32C of the
     * data at {@code 16 + bodySize}). A repair asks a peer for the needle by this cookie and accepts
     * the copy only if its data size and CRC match.
     *
     * @param cookie   the record's cookie
     * @param dataSize the data size its body declares
     * @param crc      the CRC-32C recorded for its data
     */
    record RecordHead(int cookie, int dataSize, int crc) {
    }

    /**
     * Reads the {@link RecordHead} of the record at {@code byteOffset} whose body is {@code bodySize} bytes.
     *
     * @throws UncheckedIOException when the record cannot be read
     */
    static RecordHead recordHead(Path dat, long byteOffset, int bodySize) {
        try (FileChannel ch = FileChannel.open(dat, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(20);
            ByteBuffer crc = ByteBuffer.allocate(4);
            readFully(ch, head, byteOffset, dat);
            readFully(ch, crc, byteOffset + 16 + bodySize, dat);
            return new RecordHead(head.getInt(0), head.getInt(16), crc.getInt(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record at " + byteOffset + " of " + dat, e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at, Path dat) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("record at " + at + " is past the end of " + dat);
            }
        }
    }
}
