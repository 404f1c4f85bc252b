package io.hayloft.storage;

import io.hayloft.api.Collections;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.needlemap.CompactNeedleMap;
import io.hayloft.storage.needlemap.NeedleLocation;
import io.hayloft.storage.needlemap.NeedleMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * One volume: an append-only {@code .dat} file of needle records after an 8-byte
 * {@link SuperBlock}, an {@code .idx} file of 16-byte entries ({@link IndexFile}), and an in-memory
 * {@link NeedleMap} from key to the newest record. Record layout: {@link NeedleCodec}.
 *
 * <p>Threading: safe for concurrent use. Appends (writes and deletes) are serialised by one append
 * lock; reads take only a short read lock on the needle map and then read {@code .dat} with
 * positional reads, in parallel with appends. The map is updated only after a record and its index
 * entry are fully written, so readers never see a partial record. With {@code fsync} on, writers
 * wait for a shared force after releasing the append lock (see {@link GroupCommit}).
 *
 * <p>{@link #compact()} (vacuum) replaces the files and the map while the volume stays in use: the
 * switch happens under the append lock and the map's write lock, and a read that raced with it
 * (its old file closed under it) is retried against the new files.
 *
 * <p>Failures: domain errors are {@link HayloftException}s with the codes given per method; I/O
 * failures are {@link UncheckedIOException}s. An I/O failure while appending makes the volume
 * read-only (the tail is repaired by the next {@link #open}). Using a closed volume throws
 * {@link IllegalStateException}.
 */
public final class Volume implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Volume.class);
    /** Largest {@code .dat} size: index offsets are u32 in 8-byte units (32 GiB). */
    public static final long MAX_SIZE = 1L << 35;
    /** Heap data of a gathered append is written in slices of this many bytes (see appendParts). */
    static final int HEAP_WRITE_SLICE = 256 << 10;
    /** Smallest accepted size limit: a superblock and one small needle. */
    public static final long MIN_SIZE_LIMIT = SuperBlock.SIZE + NeedleCodec.MIN_NEEDLE_RECORD_SIZE;

    private final Path datPath;
    private final Path idxPath;
    private final String collection;
    private final VolumeId id;
    private final Clock clock;
    private final boolean fsync;
    private final RecoveryReport recoveryReport;
    private final CompactionRecoveryOutcome compactionRecovery;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantReadWriteLock mapLock = new ReentrantReadWriteLock();
    private final AtomicBoolean compacting = new AtomicBoolean();

    // Replaced together by a compaction, under appendLock and mapLock's write lock.
    private volatile SuperBlock superBlock;
    private volatile FileChannel dat;
    private volatile IndexFile idx;
    private volatile NeedleMap map;
    /** Group commit of the current {@code dat}; null without fsync. */
    private volatile GroupCommit groupCommit;

    private volatile long datSize;
    private volatile long lastAppendAtNs;
    private volatile long sizeLimit;
    /** Set when a write did not fit under the size limit: the volume then counts as full. */
    private volatile boolean refusedForSize;
    private volatile boolean readOnly;
    /** Set when a compaction failed between its renames: only a reopen can finish the switch. */
    private volatile boolean needsReopen;
    private volatile boolean closed;

    private Volume(Path dir, String collection, VolumeId id, SuperBlock superBlock, VolumeOptions options,
                   FileChannel dat, IndexFile idx, NeedleMap map, VolumeRecovery.Result recovered,
                   CompactionRecoveryOutcome compactionRecovery) {
        String base = VolumeFiles.baseName(collection, id);
        this.datPath = dir.resolve(base + VolumeFiles.DAT);
        this.idxPath = dir.resolve(base + VolumeFiles.IDX);
        this.collection = collection;
        this.id = id;
        this.superBlock = superBlock;
        this.clock = options.clock();
        this.dat = dat;
        this.idx = idx;
        this.map = map;
        this.recoveryReport = recovered.report();
        this.compactionRecovery = compactionRecovery;
        this.datSize = recovered.datEnd();
        this.lastAppendAtNs = recovered.lastAppendAtNs();
        this.sizeLimit = options.sizeLimit();
        this.fsync = options.fsync();
        this.groupCommit = newGroupCommit(dat, recovered.datEnd());
    }

    /**
     * Creates {@code <dir>/<base>.dat} holding just the superblock (forced to disk) and an empty
     * {@code .idx}; creates {@code dir} if needed.
     *
     * @return the open, empty volume
     * @throws HayloftException     {@code CONFLICT} if either file exists; {@code BAD_REQUEST} for an
     *                              invalid collection or a null argument
     * @throws UncheckedIOException if the files cannot be created
     */
    public static Volume create(Path dir, String collection, VolumeId id, ReplicaPlacement placement, Ttl ttl,
                                VolumeOptions options) {
        HayloftException.checkArgument(dir != null && id != null && placement != null && ttl != null
                && options != null, "dir, id, placement, ttl and options are required");
        String c = Collections.check(collection);
        String base = VolumeFiles.baseName(c, id);
        Path datPath = dir.resolve(base + VolumeFiles.DAT);
        Path idxPath = dir.resolve(base + VolumeFiles.IDX);
        if (Files.exists(datPath) || Files.exists(idxPath)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " already exists in " + dir);
        }
        SuperBlock superBlock = SuperBlock.of(placement, ttl);
        FileChannel dat = null;
        try {
            Files.createDirectories(dir);
            dat = FileChannel.open(datPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileIo.writeFully(dat, ByteBuffer.wrap(superBlock.encode()), 0);
            dat.force(true);
            IndexFile idx = IndexFile.open(idxPath);
            RecoveryReport none = new RecoveryReport(0, 0, 0, 0, 0);
            return new Volume(dir, c, id, superBlock, options, dat, idx, new CompactNeedleMap(),
                    new VolumeRecovery.Result(SuperBlock.SIZE, 0, none), CompactionRecoveryOutcome.NONE);
        } catch (FileAlreadyExistsException e) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " already exists in " + dir, e);
        } catch (IOException e) {
            RuntimeException failure = new UncheckedIOException("cannot create volume " + id + " in " + dir, e);
            closeAfterFailure(dat, failure);
            removeAfterFailure(dat, datPath, idxPath, failure);
            if (FileIo.isNoSpace(e)) {
                failure = new HayloftException(ErrorCode.NOT_ACCEPTABLE, "no room for volume " + id + " in " + dir
                        + ": the disk is full (no space left on device)", failure);
            }
            throw failure;
        } catch (RuntimeException e) {
            closeAfterFailure(dat, e);
            removeAfterFailure(dat, datPath, idxPath, e);
            if (FileIo.isNoSpace(e)) {
                throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "no room for volume " + id + " in " + dir
                        + ": the disk is full (no space left on device)", e);
            }
            throw e;
        }
    }

    /**
     * Opens existing files and runs crash recovery. First a compaction interrupted by a crash is
     * rolled back or forward, as its marker decides ({@link #compactionRecovery()}); then
     * ({@link VolumeRecovery}) a torn index tail is cut, index entries without a valid record are
     * dropped, records missing from the index are re-indexed, and a torn or corrupt data tail is
     * cut. A missing {@code .idx} is rebuilt from {@code .dat}.
     *
     * @return the open volume; {@link #recoveryReport()} tells what was repaired
     * @throws HayloftException     {@code NOT_FOUND} if {@code .dat} does not exist; {@code CORRUPT} if
     *                              its superblock is short, invalid or of an unknown version, or if
     *                              a half-switched compaction contradicts its marker
     * @throws UncheckedIOException on an I/O failure
     */
    public static Volume open(Path dir, String collection, VolumeId id, VolumeOptions options) {
        HayloftException.checkArgument(dir != null && id != null && options != null,
                "dir, id and options are required");
        String c = Collections.check(collection);
        String base = VolumeFiles.baseName(c, id);
        Path datPath = dir.resolve(base + VolumeFiles.DAT);
        CompactionRecoveryOutcome compaction = Files.isDirectory(dir) ? CompactionRecovery.recover(dir, base)
                : CompactionRecoveryOutcome.NONE;
        if (!Files.isRegularFile(datPath)) {
            throw HayloftException.notFound("volume " + id + " not found in " + dir);
        }
        FileChannel dat = null;
        IndexFile idx = null;
        try {
            dat = FileChannel.open(datPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (dat.size() < SuperBlock.SIZE) {
                throw new HayloftException(ErrorCode.CORRUPT, datPath + " is shorter than a superblock");
            }
            ByteBuffer sb = ByteBuffer.allocate(SuperBlock.SIZE);
            FileIo.readFully(dat, sb, 0);
            SuperBlock superBlock;
            try {
                superBlock = SuperBlock.decode(sb.array());
            } catch (HayloftException e) {
                throw new HayloftException(ErrorCode.CORRUPT, datPath + ": " + e.getMessage(), e);
            }
            idx = IndexFile.open(dir.resolve(base + VolumeFiles.IDX));
            NeedleMap map = new CompactNeedleMap();
            VolumeRecovery.Result recovered = VolumeRecovery.recover(base, dat, idx, map);
            return new Volume(dir, c, id, superBlock, options, dat, idx, map, recovered, compaction);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot open volume " + id + " in " + dir, e);
            closeAfterFailure(dat, failure);
            closeAfterFailure(idx, failure);
            throw failure;
        } catch (RuntimeException e) {
            closeAfterFailure(dat, e);
            closeAfterFailure(idx, e);
            throw e;
        }
    }

    /**
     * Appends a needle. If the key is live with the same cookie and identical data, name and mime,
     * nothing is appended; otherwise a new version is appended and the old one becomes garbage.
     * The needle's TTL defaults to the volume's. Returns once durable if fsync is on.
     *
     * @return where the record is and whether the write was a no-op
     * @throws HayloftException {@code CONFLICT} if the key is live with another cookie;
     *                          {@code VOLUME_NOT_WRITABLE} if read-only or the record would pass the
     *                          size limit; {@code PAYLOAD_TOO_LARGE} if the needle cannot fit a
     *                          record; {@code BAD_REQUEST} if the checksum does not match the data
     */
    public WriteResult write(Needle needle) {
        return append(needle, false, false);
    }

    /**
     * {@link #write} for a caller that must not wait (an event loop): done only when nothing would
     * make it wait, that is fsync is off and no other append, compaction switch or snapshot holds the
     * volume at this instant. The write is then the same single append (CRC-checked and indexed).
     *
     * @return the result, or null when nothing was done and the caller must call {@link #write} from
     *         a thread that may block
     * @throws HayloftException as {@link #write}
     */
    public WriteResult tryWrite(Needle needle) {
        return fsync ? null : append(needle, false, true);
    }

    /**
     * Stores {@code needle} exactly as a healthy replica holds it, to repair this copy (replica
     * sync, scrub, volume copy catch-up): its cookie, TTL and append timestamp are kept (so a TTL
     * needle expires when the original does; a timestamp of 0 is replaced by now), a live version
     * of the key with another cookie is replaced rather than refused, and the read-only flag and
     * the size limit do not apply (the repair restores bytes the volume already accounted for;
     * {@link #MAX_SIZE} still does). Identical live copies are left alone.
     *
     * @return where the record is and whether it was a no-op
     * @throws HayloftException {@code VOLUME_NOT_WRITABLE} if at {@link #MAX_SIZE} or half switched
     *                          by a failed compaction; {@code BAD_REQUEST} if the checksum does not
     *                          match the data
     */
    public WriteResult repair(Needle needle) {
        return append(needle, true, false);
    }

    /**
     * {@link #write} for a needle given as its fields and its data, without copying the data into a
     * record: the header, the data and the trailer go to {@code .dat} in one gathering write under the
     * append lock (heap data in slices, see {@code appendParts}), and the CRC-32C is computed once, over
     * {@code data}, as it is written (the append lock is held for that pass). The record is byte for byte the
     * one {@link #write} would append for the same needle. Same checks and results as {@link #write}.
     *
     * <p>Thread-safe, like {@link #write}; {@code data} (position to limit) must not change until this
     * returns and is left as it was (a direct buffer spares the JDK's copy through a temporary one).
     *
     * @param fields key, cookie, name, MIME type, last-modified, TTL and pairs of the needle; must have no
     *               data (its checksum is not used)
     * @param data   the needle's data
     * @return where the record is and whether the write was a no-op
     * @throws HayloftException as {@link #write}
     */
    public WriteResult appendGathering(Needle fields, ByteBuffer data) {
        HayloftException.checkArgument(fields != null && data != null, "needle fields and data are required");
        HayloftException.checkArgument(fields.data().length == 0, "the needle's data goes in the data buffer");
        ByteBuffer content = data.duplicate();
        int length = content.remaining();
        NeedleCodec.encodeAround(fields, length, 0, 0); // PAYLOAD_TOO_LARGE before taking the lock
        long end;
        long offset;
        int checksum;
        GroupCommit commit;
        appendLock.lock();
        try {
            checkWritable(false);
            commit = groupCommit;
            long existing = map.get(fields.key());
            if (existing != NeedleLocation.ABSENT) {
                Needle old = readExisting(existing, fields.key());
                if (old != null && old.cookie() != fields.cookie()) {
                    throw cookieConflict(fields.key());
                }
                if (old != null && !isExpired(old) && ByteBuffer.wrap(old.data()).equals(content)
                        && old.name().equals(fields.name()) && old.mime().equals(fields.mime())) {
                    return new WriteResult(NeedleLocation.byteOffset(existing), old.dataSize(), old.checksum(), true);
                }
            }
            long now = nowNs();
            ByteBuffer[] around = NeedleCodec.encodeAround(fields, length, 0, now); // the CRC is filled in as written
            long recordLength = (long) around[0].remaining() + length + around[1].remaining();
            offset = datSize;
            end = offset + recordLength;
            if (end > sizeLimit || end > MAX_SIZE) {
                throw full();
            }
            checksum = appendParts(around[0], content, around[1], offset, end, fields.key(), now);
        } finally {
            appendLock.unlock();
        }
        awaitDurable(commit, end);
        return new WriteResult(offset, length, checksum, false);
    }

    /**
     * The record a write of {@code needle} appends here and a replica appends unchanged: {@code needle}
     * stamped with this volume's clock (now); but when this volume already holds it identically (same
     * cookie, data, name and MIME type, not expired), so that {@link #appendRecord} will leave it as it
     * is, the stored record with its own append time, so that a replica that lacks it stores the same
     * bytes as this one. Reads the stored needle only when the key is live here with a record of the
     * same size. Thread-safe.
     *
     * @throws HayloftException {@code BAD_REQUEST} if the checksum does not match the data;
     *                          {@code PAYLOAD_TOO_LARGE} if the needle cannot fit a record
     */
    public NeedleRecord recordOf(Needle needle) {
        NeedleRecord fresh = NeedleRecord.of(needle, nowNs());
        if (recordLength(needle.key()) != fresh.length()) {
            return fresh;
        }
        try {
            Needle stored = readStored(needle.key()).orElse(null);
            if (stored != null && stored.cookie() == needle.cookie() && !isExpired(stored) && fresh.sameContent(stored)) {
                return NeedleRecord.of(stored, stored.appendAtNs());
            }
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.CORRUPT) {
                throw e;
            }
            // a corrupt stored copy is rewritten by the append: stamp it now
        }
        return fresh;
    }

    /**
     * The tombstone of {@code key}'s last delete exactly as it was appended here, its append time kept, so
     * that a repair gives a replica that missed the delete the same bytes; empty when the key is live, was
     * never stored, or its tombstone is gone (compaction drops tombstones). Reads {@code .idx} backwards
     * from its end: meant for repairs, not for the request path. Thread-safe; blocking.
     */
    public java.util.Optional<NeedleRecord> tombstoneRecord(long key) {
        checkOpen();
        if (recordLength(key) >= 0) {
            return java.util.Optional.empty();
        }
        IndexFile index;
        FileChannel channel;
        long entries;
        appendLock.lock();
        try {
            index = idx;
            channel = dat;
            entries = index.entryCount();
        } finally {
            appendLock.unlock();
        }
        try {
            IndexFile.Entry last = index.lastEntryOf(key, entries);
            if (last == null || !last.tombstone()) {
                return java.util.Optional.empty();
            }
            ByteBuffer record = ByteBuffer.allocate(NeedleCodec.TOMBSTONE_RECORD_SIZE);
            FileIo.readFully(channel, record, last.byteOffset());
            NeedleRecord tombstone = NeedleRecord.parse(record.flip());
            return tombstone.tombstone() && tombstone.key() == key
                    ? java.util.Optional.of(tombstone) : java.util.Optional.empty();
        } catch (HayloftException | UncheckedIOException e) {
            // unreadable now (a compaction switched files, a damaged record): the caller stamps its own
            return java.util.Optional.empty();
        }
    }

    /** Stamps the tombstone of {@code key}/{@code cookie} with this volume's clock (now). No I/O. Thread-safe. */
    public NeedleRecord tombstoneOf(long key, int cookie) {
        return NeedleRecord.tombstone(key, cookie, nowNs());
    }

    /**
     * {@link #write}, appending {@code record}'s bytes exactly as they are, its append timestamp
     * included: a replica stores the primary's record this way, so both hold the same bytes. The same
     * checks as {@link #write}: {@code CONFLICT} for a live needle of the key with another cookie, an
     * identical live needle (same cookie, data, name and MIME type) left as it is ({@code unchanged}),
     * the read-only flag and the size limit. Returns once durable if fsync is on. Thread-safe.
     *
     * @param record a live needle's record ({@link NeedleRecord#parse} or {@link #recordOf})
     * @return where the record is and whether the write was a no-op
     * @throws HayloftException {@code BAD_REQUEST} for a tombstone; otherwise as {@link #write}
     */
    public WriteResult appendRecord(NeedleRecord record) {
        return appendRecord(record, false);
    }

    /**
     * {@link #appendRecord} for a caller that must not wait (an event loop), on the terms of
     * {@link #tryWrite}: done only when fsync is off and the volume's append lock is free this instant.
     *
     * @return the result, or null when nothing was done and the caller must call {@link #appendRecord}
     *         from a thread that may block
     * @throws HayloftException as {@link #appendRecord}
     */
    public WriteResult tryAppendRecord(NeedleRecord record) {
        return fsync ? null : appendRecord(record, true);
    }

    /**
     * {@link #delete}, appending {@code tombstone}'s bytes exactly (its append timestamp kept): a
     * replica stores the primary's tombstone this way. Thread-safe.
     *
     * @return the deleted needle's data size
     * @throws HayloftException {@code BAD_REQUEST} for a live record; otherwise as {@link #delete}
     */
    public long appendTombstone(NeedleRecord tombstone) {
        HayloftException.checkArgument(tombstone != null && tombstone.tombstone(), "a tombstone record is required");
        return appendTombstone(tombstone.key(), tombstone.cookie(), false, tombstone.appendAtNs());
    }

    private WriteResult appendRecord(NeedleRecord record, boolean onlyIfFree) {
        HayloftException.checkArgument(record != null && !record.tombstone(), "a live needle record is required");
        ByteBuffer bytes = record.bytes();
        long key = record.key();
        long end;
        long offset;
        GroupCommit commit;
        if (!onlyIfFree) {
            appendLock.lock();
        } else if (!appendLock.tryLock()) {
            return null;
        }
        try {
            checkWritable(false);
            commit = groupCommit;
            long existing = map.get(key);
            if (existing != NeedleLocation.ABSENT) {
                Needle old = readExisting(existing, key);
                if (old != null && old.cookie() != record.cookie()) {
                    throw cookieConflict(key);
                }
                if (old != null && !isExpired(old) && record.sameContent(old)) {
                    return new WriteResult(NeedleLocation.byteOffset(existing), old.dataSize(), old.checksum(), true);
                }
            }
            offset = datSize;
            end = offset + bytes.remaining();
            if (end > sizeLimit || end > MAX_SIZE) {
                throw full();
            }
            append(bytes, offset, key, record.bodySize(), record.appendAtNs());
        } finally {
            appendLock.unlock();
        }
        awaitDurable(commit, end);
        return new WriteResult(offset, record.dataSize(), record.checksum(), false);
    }

    /** A write of {@code key} under another cookie than the stored one's: {@code CONFLICT}. */
    private HayloftException cookieConflict(long key) {
        return new HayloftException(ErrorCode.CONFLICT, "needle " + Long.toUnsignedString(key, 16)
                + " already exists in volume " + id + " with another cookie");
    }

    /** Records that a write was refused for size (the volume then reports itself full); call under the append lock. */
    private HayloftException full() {
        refusedForSize = true;
        return new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + id + " is full (size limit "
                + Math.min(sizeLimit, MAX_SIZE) + " bytes)");
    }

    /** The append; with {@code onlyIfFree} it returns null instead of waiting for the append lock. */
    private WriteResult append(Needle needle, boolean repair, boolean onlyIfFree) {
        HayloftException.checkArgument(needle != null, "needle is required");
        HayloftException.checkArgument(Needle.crc32c(needle.data()) == needle.checksum(),
                "needle checksum does not match its data");
        ByteBuffer record = NeedleCodec.encode(needle);
        long end;
        long offset;
        GroupCommit commit;
        if (!onlyIfFree) {
            appendLock.lock();
        } else if (!appendLock.tryLock()) {
            return null;
        }
        try {
            checkWritable(repair);
            commit = groupCommit;
            long existing = map.get(needle.key());
            if (existing != NeedleLocation.ABSENT) {
                Needle old = readExisting(existing, needle.key());
                if (old != null && old.cookie() != needle.cookie() && !repair) {
                    throw cookieConflict(needle.key());
                }
                if (old != null && (repair || !isExpired(old)) && old.cookie() == needle.cookie()
                        && Arrays.equals(old.data(), needle.data())
                        && old.name().equals(needle.name()) && old.mime().equals(needle.mime())) {
                    return new WriteResult(NeedleLocation.byteOffset(existing), old.dataSize(), old.checksum(), true);
                }
            }
            offset = datSize;
            end = offset + record.remaining();
            if ((end > sizeLimit && !repair) || end > MAX_SIZE) {
                throw full();
            }
            long now = repair && needle.appendAtNs() > 0 ? needle.appendAtNs() : nowNs();
            NeedleCodec.setAppendAtNs(record, now);
            int bodySize = record.getInt(12);
            append(record, offset, needle.key(), bodySize, now);
        } finally {
            appendLock.unlock();
        }
        awaitDurable(commit, end);
        return new WriteResult(offset, needle.dataSize(), needle.checksum(), false);
    }

    /** Bytes of data CRC-checked per read while a {@link #readSpan} streams a needle's data. */
    private static final int SPAN_CHECK_BYTES = 1 << 20;

    /**
     * Verifies a needle where it lies, without holding its data: the record's header, fields and trailer
     * are read and checked as {@link #read} checks them, and the data's CRC-32C is computed by reading it in
     * 1 MiB pieces, all through a channel of the returned span's own, opened on this volume's {@code .dat}
     * file. A compaction that replaced the file between the index lookup and the open makes the header
     * disagree, which is reported as {@code CORRUPT} (the caller then reads through {@link #read}).
     *
     * @return the span; the caller closes it
     * @throws HayloftException {@code NOT_FOUND} as {@link #read}; {@code CORRUPT} if anything fails verification
     */
    public NeedleSpan readSpan(long key, int cookie) {
        checkOpen();
        long location = locationOf(key);
        if (location == NeedleLocation.ABSENT) {
            throw notFound(key);
        }
        long offset = NeedleLocation.byteOffset(location);
        int size = NeedleLocation.size(location);
        FileChannel channel;
        try {
            channel = FileChannel.open(datPath, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(NeedleCodec.DATA_START);
            FileIo.readFully(channel, head, offset);
            if (head.getLong(4) != key || (NeedleCodec.bodySizeInHeader(head) != size)) {
                throw NeedleCodec.corrupt(offset, "record does not match its index entry");
            }
            long dataLength = head.getInt(NeedleCodec.HEADER_SIZE) & 0xFFFF_FFFFL;
            long dataStart = offset + NeedleCodec.DATA_START;
            long tailLength = NeedleCodec.recordLength(size) - NeedleCodec.DATA_START - dataLength;
            if (dataLength > size || tailLength < NeedleCodec.TRAILER_SIZE) {
                throw NeedleCodec.corrupt(offset, "data size " + dataLength + " exceeds body");
            }
            CRC32C crc = new CRC32C();
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                ByteBuffer piece = arena.allocate(SPAN_CHECK_BYTES).asByteBuffer();
                for (long at = 0; at < dataLength; ) {
                    int n = (int) Math.min(SPAN_CHECK_BYTES, dataLength - at);
                    piece.clear().limit(n);
                    FileIo.readFully(channel, piece, dataStart + at);
                    crc.update(piece.flip());
                    at += n;
                }
            }
            ByteBuffer tail = ByteBuffer.allocate((int) tailLength);
            FileIo.readFully(channel, tail, dataStart + dataLength);
            Needle needle = NeedleCodec.decodeAroundData(head, tail, offset, (int) crc.getValue());
            if (needle.cookie() != cookie || isExpired(needle)) {
                throw notFound(key);
            }
            return new NeedleSpan(needle, channel, dataStart, dataLength);
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Reads a needle and verifies its CRC.
     *
     * @return the needle as stored, with its append time
     * @throws HayloftException {@code NOT_FOUND} if the key is absent, deleted, expired or the cookie
     *                          differs (the message does not say which); {@code CORRUPT} if the record
     *                          fails verification
     */
    public Needle read(long key, int cookie) {
        Needle needle = readStored(key).orElseThrow(() -> notFound(key));
        if (needle.cookie() != cookie || isExpired(needle)) {
            throw notFound(key);
        }
        return needle;
    }

    /**
     * {@link #read}, with the record read into a buffer from {@code buffers} and its data left there
     * instead of copied into an array: for a reader that sends the bytes as they are (a direct buffer also
     * spares the JDK's copy through a temporary one). The same checks: cookie, TTL, the record's structure
     * and the CRC of its data.
     *
     * @param buffers asked for the record's length in bytes; returns a buffer of at least that capacity,
     *                used from index 0
     * @return the needle's fields and the buffer, with the data between its position and limit
     * @throws HayloftException as {@link #read}
     */
    public NeedleData readData(long key, int cookie, java.util.function.IntFunction<ByteBuffer> buffers) {
        while (true) {
            checkOpen();
            long location;
            FileChannel channel;
            mapLock.readLock().lock();
            try {
                location = map.get(key);
                channel = dat;
            } finally {
                mapLock.readLock().unlock();
            }
            if (location == NeedleLocation.ABSENT) {
                throw notFound(key);
            }
            long offset = NeedleLocation.byteOffset(location);
            int size = NeedleLocation.size(location);
            int length = (int) NeedleCodec.recordLength(size);
            ByteBuffer buffer = buffers.apply(length);
            buffer.clear().limit(length);
            try {
                FileIo.readFully(channel, buffer, offset);
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof ClosedChannelException && channel != dat && !closed) {
                    continue; // a compaction switched files under this read: look the key up again
                }
                throw e;
            }
            NeedleCodec.DecodedRecord record = NeedleCodec.decode(buffer, offset, false);
            if (record.key() != key || record.bodySize() != size || record.tombstone()) {
                throw NeedleCodec.corrupt(offset, "record does not match its index entry");
            }
            if (record.needle().cookie() != cookie || isExpired(record.needle())) {
                throw notFound(key);
            }
            int dataSize = buffer.getInt(NeedleCodec.HEADER_SIZE);
            buffer.limit(NeedleCodec.DATA_START + dataSize).position(NeedleCodec.DATA_START);
            return new NeedleData(record.needle(), buffer);
        }
    }

    /**
     * Deletes a needle by appending a tombstone record and index entry. Deletes are accepted past the
     * size limit (they are tiny and free space), but not past {@link #MAX_SIZE}.
     *
     * @return the deleted needle's data size
     * @throws HayloftException {@code NOT_FOUND} if the key is absent, already deleted or the cookie
     *                          differs; {@code VOLUME_NOT_WRITABLE} if read-only or at {@link #MAX_SIZE}
     */
    public long delete(long key, int cookie) {
        return appendTombstone(key, cookie, false, 0);
    }

    /**
     * Deletes the live needle of {@code key} whatever its cookie, to repair this copy (a delete a
     * replica missed). The read-only flag does not apply.
     *
     * @return true if a live needle was deleted; false if the key was absent or already deleted
     * @throws HayloftException {@code VOLUME_NOT_WRITABLE} if at {@link #MAX_SIZE} or half switched
     */
    public boolean repairDelete(long key) {
        return repairDelete(key, 0);
    }

    /**
     * {@link #repairDelete(long)} with the tombstone stamped {@code appendAtNs} (0: now): the append time of
     * the tombstone another replica holds, so that this copy's tombstone is the same bytes as that one's.
     *
     * @throws HayloftException {@code BAD_REQUEST} for a negative time; otherwise as {@link #repairDelete(long)}
     */
    public boolean repairDelete(long key, long appendAtNs) {
        HayloftException.checkArgument(appendAtNs >= 0, "a tombstone's append time is not negative");
        Needle stored = readStored(key).orElse(null);
        if (stored == null) {
            return false;
        }
        try {
            appendTombstone(key, stored.cookie(), true, appendAtNs);
            return true;
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false; // deleted meanwhile
            }
            throw e;
        }
    }

    /** Appends the tombstone of {@code key}; {@code appendAtNs} 0 stamps it now. */
    private long appendTombstone(long key, int cookie, boolean repair, long appendAtNs) {
        long end;
        long dataSize;
        GroupCommit commit;
        appendLock.lock();
        try {
            checkWritable(repair);
            commit = groupCommit;
            long location = map.get(key);
            if (location == NeedleLocation.ABSENT) {
                throw notFound(key);
            }
            ByteBuffer header = ByteBuffer.allocate(NeedleCodec.HEADER_SIZE + 4);
            FileIo.readFully(dat, header, NeedleLocation.byteOffset(location));
            if (header.getLong(4) != key) {
                throw NeedleCodec.corrupt(NeedleLocation.byteOffset(location), "key does not match the index");
            }
            if (header.getInt(0) != cookie) {
                throw notFound(key);
            }
            dataSize = header.getInt(NeedleCodec.HEADER_SIZE) & 0xFFFF_FFFFL;
            long offset = datSize;
            end = offset + NeedleCodec.TOMBSTONE_RECORD_SIZE;
            if (end > MAX_SIZE) {
                throw new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + id + " is at its maximum size");
            }
            long now = appendAtNs > 0 ? appendAtNs : nowNs();
            append(NeedleCodec.encodeTombstone(key, cookie, now), offset, key, IndexFile.TOMBSTONE_SIZE, now);
        } finally {
            appendLock.unlock();
        }
        awaitDurable(commit, end);
        return dataSize;
    }

    /**
     * The length in {@code .dat} of the live record of {@code key}, from the needle map alone (no I/O):
     * lets a caller decide how to read it (small records are cheap enough to read on any thread).
     * Thread-safe.
     *
     * @return the record's length in bytes, or -1 if the key is absent or deleted
     */
    public long recordLength(long key) {
        long location = locationOf(key);
        return location == NeedleLocation.ABSENT ? -1 : NeedleCodec.recordLength(NeedleLocation.size(location));
    }

    /**
     * Reads the live needle of {@code key} as stored, whatever its cookie and even past its TTL
     * (replica sync and repair copy needles exactly; clients read through {@link #read}).
     *
     * @return the needle with its append timestamp; empty if the key is absent or deleted
     * @throws HayloftException {@code CORRUPT} if the record fails verification
     */
    public java.util.Optional<Needle> readStored(long key) {
        while (true) {
            checkOpen();
            long location;
            FileChannel channel;
            mapLock.readLock().lock();
            try {
                location = map.get(key);
                channel = dat;
            } finally {
                mapLock.readLock().unlock();
            }
            if (location == NeedleLocation.ABSENT) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(readRecord(channel, location, key));
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof ClosedChannelException && channel != dat && !closed) {
                    continue; // a compaction switched files under this read: look the key up again
                }
                throw e;
            }
        }
    }

    /**
     * Visits every live needle (expired ones included) in ascending unsigned key order, holding the
     * needle map's read lock: appends wait meanwhile, so the visitor must be cheap (no I/O) and must
     * not call back into this volume.
     */
    public void forEachLive(NeedleMap.Visitor visitor) {
        checkOpen();
        mapLock.readLock().lock();
        try {
            map.forEach(visitor);
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /**
     * Opens the current {@code .idx} and {@code .dat} for a whole-volume copy. Taken under the
     * append lock, so both files are of the same generation (no compaction switch in between) and
     * every index entry up to {@link VolumeSnapshot#idxLength()} points at a record that lies fully
     * below {@link VolumeSnapshot#datLength()}. Writes continue meanwhile; records appended after the
     * snapshot are not part of it. The caller closes the snapshot.
     *
     * @throws UncheckedIOException if the files cannot be opened
     */
    public VolumeSnapshot snapshot() {
        appendLock.lock();
        try {
            checkOpen();
            FileChannel idxCopy = null;
            try {
                idxCopy = FileChannel.open(idxPath, StandardOpenOption.READ);
                FileChannel datCopy = FileChannel.open(datPath, StandardOpenOption.READ);
                long idxLength = idx.entryCount() * IndexFile.ENTRY_SIZE;
                return new VolumeSnapshot(id, collection, superBlock, idxCopy, idxLength, datCopy, datSize);
            } catch (IOException e) {
                UncheckedIOException failure = new UncheckedIOException("cannot open volume " + id + " for a copy", e);
                closeAfterFailure(idxCopy, failure);
                throw failure;
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Returns a consistent snapshot of the counters. Thread-safe. */
    public VolumeStats stats() {
        mapLock.readLock().lock();
        try {
            return new VolumeStats(datSize, map.liveCount(), map.deletedCount(), map.deletedBytes(), map.maxKey(),
                    lastAppendAtNs / 1_000_000_000L);
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /**
     * Compacts the volume (vacuum): copies the live needles into new files next to the old ones,
     * catches up with the writes and deletes made meanwhile, then switches to the new files
     * atomically (rename) and swaps the needle map. The new superblock's compaction revision is the
     * old one plus one (modulo 2^16). Needles past their TTL are not copied (reads already answer
     * {@code NOT_FOUND} for them); deleted and replaced needles and tombstones are dropped.
     *
     * <p>Threading: reads, writes and deletes continue during the copy; they wait only during the
     * short switch (the final catch-up, two forces, the marker and two renames). One compaction
     * runs at a time per volume. Read-only volumes are compacted too.
     *
     * <p>Crash safety: a crash at any step leaves files that {@link #open} brings back to either
     * the old or the new volume, with every acknowledged write and delete (see the package
     * documentation for the protocol and its marker).
     *
     * @return sizes, garbage ratio and counts of the compaction
     * @throws HayloftException     {@code CONFLICT} if a compaction of this volume is running;
     *                              {@code CORRUPT} if a live needle fails its checksum (nothing is
     *                              dropped: the volume stays as it was, to be repaired from a replica)
     * @throws UncheckedIOException on an I/O failure; before the switch the temp files are removed
     *                              and the volume is unchanged, during it the volume becomes
     *                              read-only and the next {@link #open} finishes the switch
     * @throws IllegalStateException if the volume is closed (or is closed meanwhile)
     */
    public CompactionResult compact() {
        checkOpen();
        if (needsReopen) {
            throw new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + id
                    + " is half switched by a failed compaction: reopen it to finish the switch");
        }
        if (!compacting.compareAndSet(false, true)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is already being compacted");
        }
        try {
            CompactionResult result = new VolumeCompactor(this, clock).run();
            LOG.info("volume {}: compacted to revision {}: {} -> {} bytes (garbage ratio was {}), {} needles copied, "
                    + "{} expired dropped, {} records caught up in {}", id, result.revision(), result.sizeBefore(),
                    result.sizeAfter(), String.format(java.util.Locale.ROOT, "%.3f", result.garbageRatioBefore()),
                    result.needlesCopied(), result.expiredNeedlesDropped(), result.recordsCaughtUp(),
                    result.duration());
            return result;
        } finally {
            compacting.set(false);
        }
    }

    /**
     * Returns the share of {@code .dat} taken by needles that are no longer live (deleted, or
     * replaced by a newer version): their body bytes over the bytes after the superblock, 0..1.
     * O(1), from the needle map's counters. Expired needles are not counted: knowing them means
     * reading every record, which {@link #compact()} does (its
     * {@link CompactionResult#garbageRatioBefore()} includes them); a volume whose own TTL has
     * passed is deleted whole rather than compacted. Thread-safe.
     */
    public double garbageRatio() {
        mapLock.readLock().lock();
        try {
            long content = datSize - SuperBlock.SIZE;
            return content <= 0 ? 0 : Math.min(1.0, (double) map.deletedBytes() / content);
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Returns what {@link #open} did about a compaction a crash interrupted ({@code NONE} if created). */
    public CompactionRecoveryOutcome compactionRecovery() {
        return compactionRecovery;
    }

    /** Returns what {@link #open} repaired (all zero for a created volume). */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /** Returns how many times group commit forced {@code .dat} (0 without fsync). */
    public long syncCount() {
        return groupCommit == null ? 0 : groupCommit.forceCount();
    }

    /** Returns the estimated heap bytes of the needle map. */
    public long needleMapMemoryBytes() {
        mapLock.readLock().lock();
        try {
            return map.memoryBytes();
        } finally {
            mapLock.readLock().unlock();
        }
    }

    public VolumeId id() {
        return id;
    }

    /** Returns the collection, {@code ""} for the default one. */
    public String collection() {
        return collection;
    }

    public SuperBlock superBlock() {
        return superBlock;
    }

    public ReplicaPlacement replicaPlacement() {
        return superBlock.replicaPlacement();
    }

    /** Returns the volume's TTL ({@link Ttl#NONE} if it never expires). */
    public Ttl ttl() {
        return superBlock.ttl();
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** Makes the volume refuse (or accept again) writes and deletes. Thread-safe; not persisted. */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /** Returns the current size limit in bytes. */
    public long sizeLimit() {
        return sizeLimit;
    }

    /**
     * Changes the size limit; takes effect for the next write. Lowering it below the current size
     * makes the volume full, nothing is removed.
     *
     * @throws HayloftException {@code BAD_REQUEST} if outside {@link #MIN_SIZE_LIMIT}..{@link #MAX_SIZE}
     */
    public void setSizeLimit(long bytes) {
        checkSizeLimit(bytes);
        if (bytes > sizeLimit) {
            refusedForSize = false;
        }
        this.sizeLimit = bytes;
    }

    /**
     * Returns true if not even the smallest needle record fits under the size limit any more, or a
     * write was refused because it did not fit (until the limit is raised). The second rule lets
     * the master stop assigning to a volume that is practically full, rather than have clients
     * retry writes that will not fit.
     */
    public boolean isFull() {
        return refusedForSize || sizeLimit - datSize < NeedleCodec.MIN_NEEDLE_RECORD_SIZE;
    }

    /**
     * Returns true if the volume has a TTL and its newest record is at least that old. An empty
     * volume never expires (as in SeaweedFS).
     */
    public boolean isExpired() {
        Ttl ttl = superBlock.ttl();
        long last = lastAppendAtNs;
        return !ttl.isNone() && last != 0 && last + ttl.duration().toNanos() <= nowNs();
    }

    public Path datPath() {
        return datPath;
    }

    public Path idxPath() {
        return idxPath;
    }

    /**
     * Forces and closes both files. Idempotent; waits for an append in progress. Reads racing with
     * close may fail with {@link UncheckedIOException}.
     */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            try {
                dat.force(true);
                idx.force();
            } catch (IOException e) {
                failure = new UncheckedIOException("cannot flush volume " + id, e);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                dat.close();
            } catch (IOException e) {
                failure = failure == null ? new UncheckedIOException("cannot close volume " + id, e) : failure;
            }
            try {
                idx.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Closes the volume and deletes both files (and any file a compaction left).
     *
     * @throws UncheckedIOException if a file cannot be deleted
     */
    public void destroy() {
        try {
            close();
        } catch (UncheckedIOException e) {
            // The files are deleted anyway: nothing in them matters any more.
        }
        try {
            Files.deleteIfExists(datPath);
            Files.deleteIfExists(idxPath);
            String base = VolumeFiles.baseName(collection, id);
            for (String ext : new String[]{VolumeFiles.COMPACT_DAT, VolumeFiles.COMPACT_IDX,
                    VolumeFiles.COMPACT_MARKER}) {
                Files.deleteIfExists(datPath.resolveSibling(base + ext));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete files of volume " + id, e);
        }
    }

    @Override
    public String toString() {
        return "Volume[" + VolumeFiles.baseName(collection, id) + ", size=" + datSize + "]";
    }

    static void checkSizeLimit(long bytes) {
        HayloftException.checkArgument(bytes >= MIN_SIZE_LIMIT && bytes <= MAX_SIZE,
                "volume size limit must be " + MIN_SIZE_LIMIT + ".." + MAX_SIZE + " bytes, got " + bytes);
    }

    /** Writes the record then its index entry, then publishes it in the map. Caller holds appendLock. */
    private void append(ByteBuffer record, long offset, long key, int indexSize, long appendAtNs) {
        long end = offset + record.remaining();
        try {
            FileIo.writeFully(dat, record, offset);
            idx.append(key, offset >>> 3, indexSize);
        } catch (RuntimeException e) {
            throw appendFailed(e, offset);
        }
        mapLock.writeLock().lock();
        try {
            if (indexSize >= 0) {
                map.put(key, (int) (offset >>> 3), indexSize);
            } else {
                map.delete(key);
            }
            datSize = end;
            lastAppendAtNs = Math.max(lastAppendAtNs, appendAtNs);
        } finally {
            mapLock.writeLock().unlock();
        }
    }

    /**
     * Writes the record {@code head}, {@code data}, {@code tail} at {@code offset} (the channel's position
     * is set first: under the append lock, and every other access to {@code .dat} is positional), filling
     * the CRC-32C of the data into {@code tail} on the way, then indexes it as
     * {@link #append(ByteBuffer, long, long, int, long)} does. Direct data goes in one gathering write.
     * Heap data is written in slices of {@value #HEAP_WRITE_SLICE} bytes, each added to the CRC just
     * before it is written: the JDK copies the slice into a temporary direct buffer and the kernel copies
     * that into the page cache while both are still in the CPU cache (an 8 MiB temporary buffer has left
     * it by then, and costs 8 MiB per carrier thread).
     *
     * @return the CRC-32C of the data
     */
    private int appendParts(ByteBuffer head, ByteBuffer data, ByteBuffer tail, long offset, long end, long key,
                            long appendAtNs) {
        int bodySize = head.getInt(12);
        int checksumIndex = bodySize - 4 - data.remaining(); // the tail starts with the fields after the data
        CRC32C crc = new CRC32C();
        try {
            dat.position(offset);
            if (data.isDirect() || data.remaining() <= HEAP_WRITE_SLICE) {
                crc.update(data.duplicate());
                tail.putInt(checksumIndex, (int) crc.getValue());
                ByteBuffer[] parts = {head, data, tail};
                long left = end - offset;
                while (left > 0) {
                    left -= dat.write(parts);
                }
            } else {
                writeAll(head);
                for (int from = data.position(); from < data.limit(); from += HEAP_WRITE_SLICE) {
                    ByteBuffer slice = data.duplicate().limit(Math.min(data.limit(), from + HEAP_WRITE_SLICE))
                            .position(from);
                    crc.update(slice.duplicate());
                    writeAll(slice);
                }
                tail.putInt(checksumIndex, (int) crc.getValue());
                writeAll(tail);
            }
            idx.append(key, offset >>> 3, bodySize);
        } catch (IOException e) {
            throw appendFailed(new UncheckedIOException("write failed at byte " + offset, e), offset);
        } catch (RuntimeException e) {
            throw appendFailed(e, offset);
        }
        mapLock.writeLock().lock();
        try {
            map.put(key, (int) (offset >>> 3), bodySize);
            datSize = end;
            lastAppendAtNs = Math.max(lastAppendAtNs, appendAtNs);
        } finally {
            mapLock.writeLock().unlock();
        }
        return (int) crc.getValue();
    }

    /**
     * What a failed append throws, after turning the volume read-only (what follows the last good record is
     * unknown until a reopen cuts it): a full disk is {@code VOLUME_NOT_WRITABLE}, so a client asks for a fid
     * elsewhere as for a full volume; anything else goes on as it was.
     */
    private RuntimeException appendFailed(RuntimeException e, long offset) {
        readOnly = true;
        if (FileIo.isNoSpace(e)) {
            return new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + id + " cannot take the write at byte "
                    + offset + ": its disk is full (no space left on device), so it is read-only now: ask /dir/assign"
                    + " for a new fid", e);
        }
        return e;
    }

    /** Writes all of {@code buffer} at the channel's position. */
    private void writeAll(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            dat.write(buffer);
        }
    }

    private static void awaitDurable(GroupCommit commit, long end) {
        if (commit != null) {
            commit.awaitDurable(end);
        }
    }

    private GroupCommit newGroupCommit(FileChannel channel, long durableEnd) {
        return fsync ? new GroupCommit(() -> channel.force(false), () -> datSize, durableEnd) : null;
    }

    // ---- the compactor's view (package-private; see VolumeCompactor) ----

    /**
     * What a compaction copies from: the current files, superblock, size and index entry count.
     *
     * @param indexEntries entries in {@code idx} at the snapshot; records after them are caught up
     */
    record CompactionSource(FileChannel dat, IndexFile idx, SuperBlock superBlock, long datSize,
                            long indexEntries) {
    }

    /** Takes the compaction snapshot under the append lock. */
    CompactionSource compactionSource() {
        appendLock.lock();
        try {
            checkOpen();
            return new CompactionSource(dat, idx, superBlock, datSize, idx.entryCount());
        } finally {
            appendLock.unlock();
        }
    }

    /** Returns how many entries {@code idx} holds now; every one of them is fully written. */
    long indexEntries() {
        appendLock.lock();
        try {
            checkOpen();
            return idx.entryCount();
        } finally {
            appendLock.unlock();
        }
    }

    /** True if the map's live needle for {@code key} is at the packed location. */
    boolean isLiveAt(long key, long packedLocation) {
        mapLock.readLock().lock();
        try {
            return map.get(key) == packedLocation;
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Runs {@code body} holding the append lock, so that no write or delete runs meanwhile. */
    <T> T exclusively(Supplier<T> body) {
        appendLock.lock();
        try {
            checkOpen();
            return body.get();
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Records that a compaction failed between its renames: the volume refuses writes, deletes and
     * compactions (even if made writable) until reopened, which finishes the switch.
     */
    void failedMidSwitch() {
        needsReopen = true;
    }

    /** Makes every append so far durable, so writers waiting on the old group commit are released. */
    void drainGroupCommit() {
        GroupCommit commit = groupCommit;
        if (commit != null) {
            commit.awaitDurable(datSize);
        }
    }

    /**
     * Switches to compacted files (already renamed into place) and their map. The caller holds the
     * append lock. The old channels are closed; reads that raced with that retry.
     *
     * @return the size of the old {@code .dat}
     */
    long install(FileChannel newDat, IndexFile newIdx, NeedleMap newMap, SuperBlock newSuperBlock, long newSize) {
        FileChannel oldDat = dat;
        IndexFile oldIdx = idx;
        long oldSize;
        mapLock.writeLock().lock();
        try {
            oldSize = datSize;
            dat = newDat;
            idx = newIdx;
            map = newMap;
            superBlock = newSuperBlock;
            datSize = newSize;
            groupCommit = newGroupCommit(newDat, newSize);
            refusedForSize = false;
        } finally {
            mapLock.writeLock().unlock();
        }
        try {
            oldDat.close();
            oldIdx.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("volume {}: cannot close the files replaced by compaction", id, e);
        }
        return oldSize;
    }

    /** The live needle the map points at, or null if its record is corrupt (a rewrite repairs it). */
    private Needle readExisting(long location, long key) {
        try {
            return readRecord(dat, location, key);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.CORRUPT) {
                return null;
            }
            throw e;
        }
    }

    private Needle readRecord(FileChannel channel, long location, long key) {
        long offset = NeedleLocation.byteOffset(location);
        int size = NeedleLocation.size(location);
        ByteBuffer buffer = ByteBuffer.allocate((int) NeedleCodec.recordLength(size));
        FileIo.readFully(channel, buffer, offset);
        NeedleCodec.DecodedRecord record = NeedleCodec.decode(buffer, offset);
        if (record.key() != key || record.bodySize() != size || record.tombstone()) {
            throw NeedleCodec.corrupt(offset, "record does not match its index entry");
        }
        return record.needle();
    }

    /** The needle map's entry of {@code key} ({@link NeedleLocation#ABSENT} when it has none), read under the map lock. */
    private long locationOf(long key) {
        mapLock.readLock().lock();
        try {
            return map.get(key);
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** True if the needle's TTL (or the volume's, if it has none) has passed. */
    boolean isExpired(Needle needle) {
        Ttl ttl = needle.ttl().isNone() ? superBlock.ttl() : needle.ttl();
        return !ttl.isNone() && needle.appendAtNs() + ttl.duration().toNanos() <= nowNs();
    }

    private long nowNs() {
        Instant now = clock.instant();
        // Records need a positive timestamp (see NeedleCodec), even under a clock set to the epoch.
        return Math.max(1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    private HayloftException notFound(long key) {
        return HayloftException.notFound("needle " + Long.toUnsignedString(key, 16) + " not found in volume " + id);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("volume " + id + " is closed");
        }
    }

    private void checkWritable(boolean repair) {
        checkOpen();
        if ((readOnly && !repair) || needsReopen) {
            throw new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + id + " is read-only");
        }
    }

    /** Closes {@code c} (if not null), recording a failure as suppressed by {@code primary}. */
    /**
     * Removes the files a failed {@link #create} made (it made the {@code .dat} when {@code dat} is open, and the
     * {@code .idx} only after it), so a full disk does not leave empty volumes behind that every start then
     * reports as unreadable.
     */
    private static void removeAfterFailure(FileChannel dat, Path datPath, Path idxPath, Throwable failure) {
        if (dat == null) {
            return;
        }
        for (Path p : new Path[] {idxPath, datPath}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void closeAfterFailure(AutoCloseable c, Throwable primary) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
