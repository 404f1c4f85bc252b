package io.hayloft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a volume's {@code .idx} file sequentially, every entry in file order, tombstones included,
 * without holding any lock of the volume. The layout is {@link IndexFile}'s: 16-byte big-endian
 * entries of key (u64), record offset in 8-byte units (u32) and size (i32, {@code -1} for a
 * tombstone). A trailing partial entry is ignored, and only entries present when a chunk is read
 * are visited: an append racing with the scan is seen or not. The file is opened by path, so a scan
 * racing with a compaction reads either the old file to its end or the new one.
 *
 * <p>Replica sync uses it to find the keys a volume deleted (tombstones that the needle map no
 * longer holds); scrub uses it to walk live entries in file order. Stateless and thread-safe.
 */
public final class IndexScan {
    /** Receives one index entry. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param key         the needle key (unsigned)
         * @param offsetUnits the record offset in 8-byte units (unsigned 32 bits, widened)
         * @param size        the needle body size, or negative ({@code -1}) for a tombstone
         * @return false to stop the scan
         */
        boolean visit(long key, long offsetUnits, int size);
    }

    private IndexScan() {
    }

    /** True if an entry's size marks a tombstone (a delete). */
    public static boolean isTombstone(int size) {
        return size < 0;
    }

    /**
     * Visits every whole entry of {@code idx} in file order, tombstones included, until the visitor
     * returns false.
     *
     * @return entries visited (the one that stopped the scan included)
     * @throws UncheckedIOException when the file cannot be opened or read
     */
    public static long scan(Path idx, Visitor visitor) {
        try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ)) {
            long size = ch.size();
            return IndexFile.scan(ch, 0, size - size % IndexFile.ENTRY_SIZE, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index " + idx, e);
        }
    }
}
