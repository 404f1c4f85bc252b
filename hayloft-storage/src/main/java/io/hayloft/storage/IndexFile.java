package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .idx} file: an append-only log of 16-byte entries, one per record appended to
 * {@code .dat}, in the same order. Replaying it rebuilds the needle map without reading
 * {@code .dat}.
 *
 * <pre>
 * offset  size  field
 *  0      8     key (u64)
 *  8      4     record offset in .dat in 8-byte units (u32), so .dat is at most 32 GiB
 *  12     4     size (i32): the needle body size, or {@value #TOMBSTONE_SIZE} for a tombstone
 *               (whose offset points at the tombstone record)
 * </pre>
 *
 * <p>{@code .dat} is always written before {@code .idx}, so every complete entry describes a record
 * that was fully written, unless the operating system lost {@code .dat} pages in a power failure;
 * {@link VolumeRecovery} checks the tail against {@code .dat}. Only {@code .dat} is forced by group
 * commit: a lost {@code .idx} tail is rebuilt from {@code .dat} at open.
 *
 * <p>Threading: appends must be serialised by the caller; reads are positional and may run concurrently.
 */
final class IndexFile implements AutoCloseable {
    static final int ENTRY_SIZE = 16;
    static final int TOMBSTONE_SIZE = -1;
    private static final int REPLAY_CHUNK = 64 * 1024;

    /** Receives entries during {@link #replay}. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(long key, long offsetUnits, int size);
    }

    /**
     * Receives entries during {@link #replayBatches}, decoded into arrays a batch at a time. The arrays
     * are reused for the next batch; the visitor may rewrite them (to filter entries in place).
     */
    @FunctionalInterface
    interface BatchVisitor {
        /**
         * @param keys        the keys of entries 0..count-1 of this batch
         * @param offsetUnits their record offsets in 8-byte units (unsigned 32 bits)
         * @param sizes       their sizes ({@value #TOMBSTONE_SIZE} for a tombstone)
         * @param count       entries in this batch
         */
        void visit(long[] keys, int[] offsetUnits, int[] sizes, int count);
    }

    /** One decoded entry. */
    record Entry(long key, long offsetUnits, int size) {
        boolean tombstone() {
            return size < 0;
        }

        long byteOffset() {
            return offsetUnits << 3;
        }
    }

    private final FileChannel channel;
    private long length;

    private IndexFile(FileChannel channel, long length) {
        this.channel = channel;
        this.length = length;
    }

    /** Wraps an open channel whose file holds {@code length} bytes of entries (the compactor's new index). */
    static IndexFile wrap(FileChannel channel, long length) {
        return new IndexFile(channel, length);
    }

    /** Opens (creating if absent) the index file. */
    static IndexFile open(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new IndexFile(ch, ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index " + path, e);
        }
    }

    long length() {
        return length;
    }

    long entryCount() {
        return length / ENTRY_SIZE;
    }

    /** Cuts the file to {@code newLength} bytes. */
    void truncate(long newLength) {
        try {
            channel.truncate(newLength);
            length = newLength;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate index", e);
        }
    }

    /** Reads entry number {@code index} (0-based). */
    Entry read(long index) {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        FileIo.readFully(channel, b, index * ENTRY_SIZE);
        return new Entry(b.getLong(0), b.getInt(8) & 0xFFFF_FFFFL, b.getInt(12));
    }

    /** Visits the first {@code entries} entries in file order, reading in large chunks. */
    void replay(long entries, EntryVisitor visitor) {
        replay(0, entries, visitor);
    }

    /**
     * Visits entries {@code from} (inclusive) to {@code to} (exclusive) in file order. Safe while
     * another thread appends, as long as {@code to} was read under the caller's append lock.
     *
     * @throws HayloftException {@code CORRUPT} if the file ends first
     */
    void replay(long from, long to, EntryVisitor visitor) {
        long visited;
        try {
            visited = scan(channel, from * ENTRY_SIZE, to * ENTRY_SIZE, (key, offsetUnits, size) -> {
                visitor.visit(key, offsetUnits, size);
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index", e);
        }
        if (visited != to - from) {
            throw new HayloftException(ErrorCode.CORRUPT, "index ends at entry " + (from + visited)
                    + ", before entry " + to);
        }
    }

    /**
     * Visits the first {@code entries} entries in file order, decoded a chunk at a time into arrays (no
     * call per entry): the bulk path of loading the needle map.
     *
     * @throws HayloftException {@code CORRUPT} if the file ends first
     * @throws UncheckedIOException when the file cannot be read
     */
    void replayBatches(long entries, BatchVisitor visitor) {
        int perChunk = REPLAY_CHUNK / ENTRY_SIZE;
        long[] keys = new long[perChunk];
        int[] offsets = new int[perChunk];
        int[] sizes = new int[perChunk];
        ByteBuffer b = ByteBuffer.allocate(REPLAY_CHUNK);
        long end = entries * ENTRY_SIZE;
        try {
            for (long position = 0; position < end; position += b.limit()) {
                b.clear().limit((int) Math.min(REPLAY_CHUNK, end - position));
                while (b.hasRemaining()) {
                    if (channel.read(b, position + b.position()) < 0) {
                        throw new HayloftException(ErrorCode.CORRUPT, "index ends at entry "
                                + (position + b.position()) / ENTRY_SIZE + ", before entry " + entries);
                    }
                }
                int count = b.limit() / ENTRY_SIZE;
                for (int i = 0, p = 0; i < count; i++, p += ENTRY_SIZE) {
                    keys[i] = b.getLong(p);
                    offsets[i] = b.getInt(p + 8);
                    sizes[i] = b.getInt(p + 12);
                }
                visitor.visit(keys, offsets, sizes, count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index", e);
        }
    }

    /**
     * Visits the entries between bytes {@code from} and {@code to} of {@code channel} (multiples of
     * {@link #ENTRY_SIZE}) in file order, reading in large chunks, until the visitor returns false or
     * the file ends.
     *
     * @return entries visited, the one that stopped the scan included
     */
    static long scan(FileChannel channel, long from, long to, IndexScan.Visitor visitor) throws IOException {
        long visited = 0;
        ByteBuffer b = ByteBuffer.allocate(REPLAY_CHUNK);
        for (long position = from; position < to; position += b.limit()) {
            b.clear().limit((int) Math.min(REPLAY_CHUNK, to - position));
            while (b.hasRemaining()) {
                if (channel.read(b, position + b.position()) < 0) {
                    return visited; // the file ends (or shrank) first
                }
            }
            for (int i = 0; i < b.limit(); i += ENTRY_SIZE) {
                visited++;
                if (!visitor.visit(b.getLong(i), b.getInt(i + 8) & 0xFFFF_FFFFL, b.getInt(i + 12))) {
                    return visited;
                }
            }
        }
        return visited;
    }

    /**
     * The last of the first {@code entries} entries that names {@code key}, reading backwards from entry
     * {@code entries} in large chunks; null if none does.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    Entry lastEntryOf(long key, long entries) {
        ByteBuffer b = ByteBuffer.allocate(REPLAY_CHUNK);
        long end = entries * ENTRY_SIZE;
        try {
            while (end > 0) {
                long start = Math.max(0, end - REPLAY_CHUNK);
                b.clear().limit((int) (end - start));
                while (b.hasRemaining()) {
                    if (channel.read(b, start + b.position()) < 0) {
                        return null; // the file shrank (truncated by recovery): nothing to say
                    }
                }
                for (int i = b.limit() - ENTRY_SIZE; i >= 0; i -= ENTRY_SIZE) {
                    if (b.getLong(i) == key) {
                        return new Entry(key, b.getInt(i + 8) & 0xFFFF_FFFFL, b.getInt(i + 12));
                    }
                }
                end = start;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index", e);
        }
    }

    /** Appends one entry at the end of the file. */
    void append(long key, long offsetUnits, int size) {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        b.putLong(key).putInt((int) offsetUnits).putInt(size).flip();
        FileIo.writeFully(channel, b, length);
        length += ENTRY_SIZE;
    }

    /** Forces written entries to disk. */
    void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force index", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close index", e);
        }
    }
}
