package io.hayloft.storage.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.NeedleShardMap;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads the needles of an erasure-coded volume. Normally a needle's record lies in one shard (large
 * blocks), so a read is one positional read of one shard, then the record's own CRC check: Haystack's
 * one disk read survives the coding. When a shard cannot be read, or the record fails its check, the
 * read goes degraded: it rebuilds the record's bytes from the same bytes of {@code dataShards} other
 * shards and checks the record; should that fail too (another shard damaged), it reads the blocks
 * covering them from the other shards, keeps those whose block CRC-32C matches the {@code .ecm}, rebuilds
 * from any {@code dataShards} of them, and checks the record again. The caller sees the same needle, later.
 *
 * <p>Deletes go to the journal ({@code .ecj}: 8-byte keys, appended and forced before {@link #delete}
 * returns; read back at open, where a torn last entry from a crash is ignored): the shards never change.
 *
 * <p>The sorted index ({@code .ecx}) is held in memory, 16 bytes per needle, with one bit per needle for
 * deletes. Thread-safe.
 */
public final class EcVolume {
    /**
     * Most runs in {@link #needleShards}: a volume of sequentially written needles has about one per data
     * block (10,240 for a 10 GiB volume of 1 MiB blocks); past this the rest of the keys name no shard.
     */
    public static final int MAX_SHARD_MAP_RUNS = 16_384;

    private final EcFiles files;
    private final EcMetadata metadata;
    private final ReedSolomon code;
    private final ShardSource shards;
    private final long[] keys;
    private final long[] locations;
    /** Index positions of deleted needles; guarded by {@code this}. */
    private final java.util.BitSet deleted;
    /** {@link #needleShards}, once computed: the index never changes. */
    private volatile NeedleShardMap shardMap;

    private EcVolume(EcFiles files, EcMetadata metadata, ShardSource shards, long[] keys, long[] locations,
                     java.util.BitSet deleted) {
        this.files = files;
        this.metadata = metadata;
        this.code = new ReedSolomon(metadata.layout().dataShards(), metadata.parityShards());
        this.shards = shards;
        this.keys = keys;
        this.locations = locations;
        this.deleted = deleted;
    }

    /**
     * Opens the volume whose {@code .ecm} and {@code .ecx} are {@code files}'s, reading shards from {@code
     * shards}.
     *
     * @throws HayloftException CORRUPT when the metadata or the index is damaged
     * @throws UncheckedIOException when they cannot be read
     */
    public static EcVolume open(EcFiles files, ShardSource shards) {
        EcMetadata metadata = EcMetadata.read(files.metadata());
        byte[] index;
        try {
            index = Files.readAllBytes(files.index());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.index(), e);
        }
        if (index.length % 16 != 0) {
            throw new HayloftException(ErrorCode.CORRUPT, files.index() + " is not whole 16-byte entries");
        }
        int n = index.length / 16;
        long[] keys = new long[n];
        long[] locations = new long[n];
        ByteBuffer b = ByteBuffer.wrap(index);
        for (int i = 0; i < n; i++) {
            keys[i] = b.getLong();
            locations[i] = (b.getInt() & 0xFFFF_FFFFL) << 32 | (b.getInt() & 0xFFFF_FFFFL);
            if (i > 0 && Long.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw new HayloftException(ErrorCode.CORRUPT, files.index() + " is not sorted at entry " + i);
            }
        }
        java.util.BitSet deleted = new java.util.BitSet(n);
        EcVolume volume = new EcVolume(files, metadata, shards, keys, locations, deleted);
        volume.replayJournal();
        return volume;
    }

    private void replayJournal() {
        byte[] journal;
        try {
            journal = Files.exists(files.journal()) ? Files.readAllBytes(files.journal()) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.journal(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(journal, 0, journal.length - journal.length % 8); // a torn last entry: ignored
        while (b.hasRemaining()) {
            int i = search(b.getLong());
            if (i >= 0) {
                deleted.set(i);
            }
        }
    }

    /**
     * Deletes the needle of {@code key}: journaled (forced to disk) before this returns.
     *
     * @return whether a live needle was deleted (false: absent or already deleted)
     * @throws UncheckedIOException when the journal cannot be written (nothing is deleted)
     */
    public synchronized boolean delete(long key) {
        int i = search(key);
        if (i < 0 || deleted.get(i)) {
            return false;
        }
        try (var ch = java.nio.channels.FileChannel.open(files.journal(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
            long size = ch.size();
            if (size % 8 != 0) {
                ch.truncate(size - size % 8); // drop a torn entry before appending after it
            }
            ByteBuffer entry = ByteBuffer.allocate(8).putLong(key).flip();
            while (entry.hasRemaining()) {
                ch.write(entry);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal the delete of needle " + Long.toUnsignedString(key, 16), e);
        }
        deleted.set(i);
        return true;
    }

    /**
     * Journals the deletes of those of {@code keys} that are in the index and live, with one force (a
     * compaction carrying an older generation's deletes over to this one). Keys absent from the index are
     * skipped.
     *
     * @return how many needles were deleted
     * @throws UncheckedIOException when the journal cannot be written (nothing is deleted)
     */
    public synchronized int deleteAll(long[] keys) {
        java.util.List<Integer> fresh = new ArrayList<>();
        ByteBuffer entries = ByteBuffer.allocate(8 * keys.length);
        for (long key : keys) {
            int i = search(key);
            if (i >= 0 && !deleted.get(i) && !fresh.contains(i)) {
                fresh.add(i);
                entries.putLong(key);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        entries.flip();
        try (var ch = java.nio.channels.FileChannel.open(files.journal(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
            long size = ch.size();
            if (size % 8 != 0) {
                ch.truncate(size - size % 8);
            }
            while (entries.hasRemaining()) {
                ch.write(entries);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal " + fresh.size() + " deletes", e);
        }
        fresh.forEach(deleted::set);
        return fresh.size();
    }

    /** The keys of the needles deleted since the encoding (journaled), ascending unsigned. */
    public synchronized long[] deletedKeys() {
        return deleted.stream().mapToLong(i -> keys[i]).toArray();
    }

    /**
     * Bytes of the coded {@code .dat} taken by the records of deleted needles, over the {@code .dat}'s size:
     * what a compaction would reclaim, as a replicated volume's garbage ratio.
     */
    public synchronized double garbageRatio() {
        long dead = 0;
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
            dead += NeedleRecords.recordLength((int) locations[i]);
        }
        long size = metadata.layout().datSize();
        return size == 0 ? 0 : (double) dead / size;
    }

    /** Live needles: in the index and not deleted since. */
    public synchronized int liveCount() {
        return keys.length - deleted.cardinality();
    }

    public EcMetadata metadata() {
        return metadata;
    }

    /** Needles in the index. */
    public int needleCount() {
        return keys.length;
    }

    /**
     * Reads the needle of {@code key} as stored (cookie and TTL are the caller's to check).
     *
     * @return empty when the volume has no such needle
     * @throws HayloftException CORRUPT when fewer than {@code dataShards} good shards are left for its bytes
     */
    public Optional<Needle> readStored(long key) {
        int i = search(key);
        if (i < 0 || isDeleted(i)) {
            return Optional.empty();
        }
        return Optional.of(readAt(i, key));
    }

    /**
     * Reads the needle of {@code key} as stored, deleted or not (the shards never change: a delete is only
     * journaled), so a retried delete can check the fid's cookie.
     *
     * @return empty when the volume's index has no such needle
     * @throws HayloftException CORRUPT as {@link #readStored}
     */
    public Optional<Needle> readEvenIfDeleted(long key) {
        int i = search(key);
        return i < 0 ? Optional.empty() : Optional.of(readAt(i, key));
    }

    /**
     * Reads the needle of {@code key} from {@code here} alone, when that is one local read: the needle is
     * live, its record is at most {@code maxBytes} and lies wholly in shards {@code here} holds. Never reaches
     * another server and never rebuilds, so it may run where blocking on the network may not (an event loop).
     *
     * @return the needle as stored (its CRC checked), or null when that is not possible: absent, deleted,
     *         larger, held elsewhere, unreadable here or failing its check; the caller then takes {@link
     *         #readStored}, which answers each of those cases
     */
    public Needle readHeldHere(long key, ShardSource here, int maxBytes) {
        int i = search(key);
        if (i < 0 || isDeleted(i)) {
            return null;
        }
        long offset = (locations[i] >>> 32) * 8;
        long length = NeedleRecords.recordLength((int) locations[i]);
        if (length > maxBytes) {
            return null;
        }
        EcLayout.ShardRange one = metadata.layout().locateWithinBlock(offset, (int) length);
        try {
            if (one != null) { // the normal case: one positional read of one shard
                if (!here.has(one.shard())) {
                    return null;
                }
                byte[] record = new byte[(int) length];
                here.read(one.shard(), one.offset(), record, 0, (int) length);
                return NeedleRecords.decode(record);
            }
            List<EcLayout.ShardRange> ranges = metadata.layout().locate(offset, length);
            for (EcLayout.ShardRange r : ranges) {
                if (!here.has(r.shard())) {
                    return null;
                }
            }
            byte[] record = new byte[(int) length];
            int at = 0;
            for (EcLayout.ShardRange r : ranges) {
                here.read(r.shard(), r.offset(), record, at, r.length());
                at += r.length();
            }
            return NeedleRecords.decode(record);
        } catch (IOException | HayloftException e) {
            return null;
        }
    }

    /**
     * Which data shard holds the start of each needle (deleted ones included), as at most {@link
     * #MAX_SHARD_MAP_RUNS} runs over the sorted keys. Computed at the first call and kept (the index never
     * changes); thread-safe.
     */
    public NeedleShardMap needleShards() {
        NeedleShardMap map = shardMap;
        if (map == null) {
            int[] shardOf = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                shardOf[i] = metadata.layout().locate((locations[i] >>> 32) * 8, 1).getFirst().shard();
            }
            map = NeedleShardMap.of(keys, shardOf, MAX_SHARD_MAP_RUNS);
            shardMap = map;
        }
        return map;
    }

    private Needle readAt(int i, long key) {
        long offset = (locations[i] >>> 32) * 8;
        int size = (int) locations[i];
        int length = (int) NeedleRecords.recordLength(size);
        List<EcLayout.ShardRange> ranges = metadata.layout().locate(offset, length);
        byte[] record = new byte[length];
        try {
            int at = 0;
            for (EcLayout.ShardRange r : ranges) {
                shards.read(r.shard(), r.offset(), record, at, r.length());
                at += r.length();
            }
            return NeedleRecords.decode(record);
        } catch (IOException | HayloftException e) {
            return readDegraded(key, ranges, length);
        }
    }

    /**
     * Reads bytes {@code [datOffset, datOffset + length)} of the coded {@code .dat} (its superblock, say):
     * straight from the shards holding them, rebuilt from verified blocks of the others where that fails.
     *
     * @throws HayloftException BAD_REQUEST for a range outside the {@code .dat}; CORRUPT when fewer than
     *                          {@code dataShards} good shards are left for its bytes
     */
    public byte[] readDat(long datOffset, int length) {
        byte[] out = new byte[length];
        int at = 0;
        for (EcLayout.ShardRange r : metadata.layout().locate(datOffset, length)) {
            try {
                shards.read(r.shard(), r.offset(), out, at, r.length());
            } catch (IOException e) {
                rebuild(r, out, at);
            }
            at += r.length();
        }
        return out;
    }

    /**
     * Rebuilds every range of the record: first from exactly those bytes of the first {@code dataShards}
     * other shards that answer, checked by the record's own CRC (a few KiB from each, not whole blocks);
     * when that fails (a damaged shard among them, or too few answered), from verified blocks of the others.
     */
    private Needle readDegraded(long key, List<EcLayout.ShardRange> ranges, int length) {
        byte[] record = new byte[length];
        try {
            int at = 0;
            for (EcLayout.ShardRange r : ranges) {
                rebuildExactly(r, record, at);
                at += r.length();
            }
            return NeedleRecords.decode(record);
        } catch (HayloftException unverified) {
            // fall back to blocks checked against the .ecm, which find the damaged shard
        }
        int at = 0;
        for (EcLayout.ShardRange r : ranges) {
            rebuild(r, record, at);
            at += r.length();
        }
        try {
            return NeedleRecords.decode(record);
        } catch (HayloftException e) {
            throw new HayloftException(ErrorCode.CORRUPT, "needle " + Long.toUnsignedString(key, 16)
                    + " fails its check even rebuilt from verified shards: " + e.getMessage());
        }
    }

    /**
     * Rebuilds {@code range} into {@code into[at..]} from the same bytes of the first {@code dataShards} other
     * shards that can be read, unchecked: the caller checks the record.
     *
     * @throws HayloftException CORRUPT when fewer than {@code dataShards} can be read
     */
    private void rebuildExactly(EcLayout.ShardRange range, byte[] into, int at) {
        int total = metadata.totalShards();
        byte[][] pieces = new byte[total][];
        boolean[] present = new boolean[total];
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            if (s != range.shard() && shards.has(s)) {
                candidates.add(s);
                pieces[s] = new byte[range.length()];
            }
        }
        int have = 0;
        int next = 0;
        while (have < code.dataShards() && next < candidates.size()) { // as many at once as still needed
            List<Integer> wave = candidates.subList(next, Math.min(candidates.size(), next + code.dataShards() - have));
            next += wave.size();
            boolean[] read = ShardReads.readAll(shards, wave, range.offset(), pieces, 0, range.length());
            for (int i = 0; i < wave.size(); i++) {
                if (read[i]) {
                    present[wave.get(i)] = true;
                    have++;
                }
            }
        }
        for (int s = 0; s < total; s++) {
            if (pieces[s] == null) {
                pieces[s] = new byte[range.length()];
            }
        }
        code.reconstruct(pieces, present, 0, range.length());
        System.arraycopy(pieces[range.shard()], 0, into, at, range.length());
    }

    /**
     * Rebuilds {@code range} into {@code into[at..]}: reads the small blocks covering it from each shard,
     * keeps the shards whose blocks match their CRC-32C, and codes the range from {@code dataShards} of them.
     */
    private void rebuild(EcLayout.ShardRange range, byte[] into, int at) {
        int small = metadata.layout().smallBlock();
        long first = range.offset() / small;
        long last = (range.offset() + range.length() - 1) / small;
        int span = (int) ((last - first + 1) * small);
        long spanStart = first * small;
        int total = metadata.totalShards();
        byte[][] blocks = new byte[total][];
        boolean[] good = new boolean[total];
        int have = 0;
        List<String> refused = new ArrayList<>();
        for (int s = 0; s < total && have < code.dataShards(); s++) {
            if (!shards.has(s)) {
                refused.add(s + " absent");
                continue;
            }
            byte[] b = new byte[span];
            try {
                shards.read(s, spanStart, b, 0, span);
            } catch (IOException e) {
                refused.add(s + " unreadable");
                continue;
            }
            if (!blocksMatch(s, first, b)) {
                refused.add(s + " fails its block checksum");
                continue;
            }
            blocks[s] = b;
            good[s] = true;
            have++;
        }
        if (have < code.dataShards()) {
            throw new HayloftException(ErrorCode.CORRUPT, "only " + have + " good shards for bytes " + range.offset()
                    + "+" + range.length() + " of shard " + range.shard() + " (" + String.join(", ", refused) + ")");
        }
        for (int s = 0; s < total; s++) {
            if (blocks[s] == null) {
                blocks[s] = new byte[span];
            }
        }
        code.reconstruct(blocks, good, 0, span);
        System.arraycopy(blocks[range.shard()], (int) (range.offset() - spanStart), into, at, range.length());
    }

    private boolean blocksMatch(int shard, long firstBlock, byte[] span) {
        int small = metadata.layout().smallBlock();
        CRC32C crc = new CRC32C();
        for (int i = 0; i * small < span.length; i++) {
            crc.reset();
            crc.update(span, i * small, small);
            if ((int) crc.getValue() != metadata.blockCrcs()[shard][(int) (firstBlock + i)]) {
                return false;
            }
        }
        return true;
    }

    private synchronized boolean isDeleted(int index) {
        return deleted.get(index);
    }

    private int search(long key) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(keys[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The keys held, in ascending unsigned order (for tests and scrubs). */
    public long[] keys() {
        return Arrays.copyOf(keys, keys.length);
    }
}
