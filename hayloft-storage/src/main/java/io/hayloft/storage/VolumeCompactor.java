package io.hayloft.storage;

import io.hayloft.storage.needlemap.CompactNeedleMap;
import io.hayloft.storage.needlemap.NeedleLocation;
import io.hayloft.storage.needlemap.NeedleMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Compacts one volume (vacuum): copies its live needles into {@code <base>.cpd} / {@code .cpx}
 * while the volume keeps serving reads, writes and deletes, catches up with what those appended
 * meanwhile, and switches to the new files under the append lock. One instance runs one compaction.
 *
 * <p>The new files use the formats of {@code .dat} ({@link SuperBlock} with the revision raised by
 * one, then {@link NeedleCodec} records) and {@code .idx} ({@link IndexFile}); records are copied
 * byte for byte, append timestamps included, so TTLs keep counting from the original write.
 *
 * <pre>
 *  [no lock]  snapshot: idx entry count N0 and .dat end (under the append lock, briefly)
 *             copy: for entries 0..N0 in file order, copy the record if the map still points at it
 *                   and it has not expired (a live record that fails its CRC aborts: never drop data)
 *             catch up: replay idx entries N0..N1 (writes copied, deletes of copied keys as tombstones)
 *  [locked]   final catch-up N1..Nend ─▶ force .cpd/.cpx ─▶ marker ─▶ rename .cpd ─▶ rename .cpx
 *             ─▶ force dir ─▶ swap files and map in memory ─▶ delete marker
 * </pre>
 *
 * <p>Liveness is judged against the current map rather than a snapshot of it: a needle deleted or
 * replaced after the snapshot is then either skipped (the map has moved on) or copied and later
 * deleted by the catch-up, and either way the new files end in the state the idx describes.
 *
 * <p>Failures: a runtime failure before the first rename removes the temp files (and marker) and
 * leaves the volume as it was; one after it makes the volume read-only, and the next
 * {@link Volume#open} finishes the switch. An {@link Error} (a simulated crash) skips clean-up.
 */
final class VolumeCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCompactor.class);
    private static final int WINDOW_BYTES = 4 << 20;
    private static final int DAT_BUFFER_BYTES = 4 << 20;
    private static final int IDX_BUFFER_BYTES = 64 << 10;
    /** Catch-up rounds without the lock before the final, locked one. */
    private static final int UNLOCKED_CATCH_UP_ROUNDS = 3;
    /** A tail this short is left to the locked round. */
    private static final long SMALL_TAIL_ENTRIES = 64;

    private final Volume volume;
    private final Clock clock;
    private final Path dir;
    private final Path cpdPath;
    private final Path cpxPath;
    private final Path markerPath;
    private final NeedleMap newMap = new CompactNeedleMap();
    private final ByteBuffer datOut = ByteBuffer.allocateDirect(DAT_BUFFER_BYTES);
    private final ByteBuffer idxOut = ByteBuffer.allocateDirect(IDX_BUFFER_BYTES);

    private FileChannel cpd;
    private FileChannel cpx;
    private long cpdEnd = SuperBlock.SIZE;
    private long cpdFlushed = SuperBlock.SIZE;
    private long cpxEnd;
    private long cpxFlushed;
    private boolean markerWritten;
    private boolean renamed;
    private boolean installed;
    private long copied;
    private long copiedBytes;
    private long expired;
    private long caughtUp;

    VolumeCompactor(Volume volume, Clock clock) {
        this.volume = volume;
        this.clock = clock;
        this.dir = volume.datPath().getParent();
        String base = VolumeFiles.baseName(volume.collection(), volume.id());
        this.cpdPath = dir.resolve(base + VolumeFiles.COMPACT_DAT);
        this.cpxPath = dir.resolve(base + VolumeFiles.COMPACT_IDX);
        this.markerPath = dir.resolve(base + VolumeFiles.COMPACT_MARKER);
    }

    /** Runs the compaction; see {@link Volume#compact()} for the contract. */
    CompactionResult run() {
        Instant started = clock.instant();
        Volume.CompactionSource source = volume.compactionSource();
        SuperBlock old = source.superBlock();
        SuperBlock next = new SuperBlock(old.version(), old.replicaPlacement(), old.ttl(),
                (old.compactionRevision() + 1) & 0xFFFF);
        try {
            removeLeftovers();
            cpd = createTemp(cpdPath);
            cpx = createTemp(cpxPath);
            FileIo.writeFully(cpd, ByteBuffer.wrap(next.encode()), 0);
            CompactionStep.BEFORE_COPY.hit();
            RecordReader reader = new RecordReader(source.dat(), WINDOW_BYTES);
            copyLive(source, reader);
            long caughtUpTo = source.indexEntries();
            for (int round = 0; round < UNLOCKED_CATCH_UP_ROUNDS; round++) {
                long end = volume.indexEntries();
                if (end - caughtUpTo <= SMALL_TAIL_ENTRIES) {
                    break;
                }
                catchUp(source, reader, caughtUpTo, end);
                caughtUpTo = end;
            }
            flush();
            CompactionStep.AFTER_COPY.hit();
            long from = caughtUpTo;
            double garbageBefore = (double) (source.datSize() - SuperBlock.SIZE - copiedBytes) / source.datSize();
            return volume.exclusively(() -> {
                long sizeBefore = switchFiles(source, reader, from, next);
                return new CompactionResult(next.compactionRevision(), sizeBefore, cpdEnd, garbageBefore, copied,
                        expired, caughtUp, Duration.between(started, clock.instant()));
            });
        } catch (RuntimeException e) {
            abort(e);
            throw e;
        } finally {
            if (!installed) {
                closeQuietly(cpd);
                closeQuietly(cpx);
            }
        }
    }

    /** The locked part: final catch-up, commit point, renames, swap. Returns the old size. */
    private long switchFiles(Volume.CompactionSource source, RecordReader reader, long from, SuperBlock next) {
        catchUp(source, reader, from, volume.indexEntries());
        flush();
        volume.drainGroupCommit();
        force(cpd);
        force(cpx);
        CompactionStep.AFTER_CATCH_UP.hit();
        new CompactionMarker(next.compactionRevision(), cpdEnd, cpxEnd).write(markerPath);
        markerWritten = true;
        FileIo.forceDirectory(dir);
        CompactionStep.AFTER_MARKER.hit();
        renamed = true;
        FileIo.replace(cpdPath, volume.datPath());
        CompactionStep.MID_SWITCH.hit();
        FileIo.replace(cpxPath, volume.idxPath());
        FileIo.forceDirectory(dir);
        CompactionStep.AFTER_SWITCH.hit();
        long sizeBefore = volume.install(cpd, IndexFile.wrap(cpx, cpxEnd), newMap, next, cpdEnd);
        installed = true;
        try {
            FileIo.deleteIfExists(markerPath);
            FileIo.forceDirectory(dir);
        } catch (UncheckedIOException e) {
            // Harmless: open and the next compaction both remove a marker whose switch is done.
            LOG.warn("volume {}: cannot remove the compaction marker", volume.id(), e);
        }
        return sizeBefore;
    }

    /** Copies the records live at the snapshot, in file order. */
    private void copyLive(Volume.CompactionSource source, RecordReader reader) {
        source.idx().replay(0, source.indexEntries(), (key, offsetUnits, size) -> {
            if (size < 0 || !volume.isLiveAt(key, NeedleLocation.pack((int) offsetUnits, size))) {
                return;
            }
            long offset = offsetUnits << 3;
            int length = (int) NeedleCodec.recordLength(size);
            ByteBuffer record = reader.read(offset, length, source.datSize());
            NeedleCodec.DecodedRecord decoded = NeedleCodec.decode(record, offset);
            checkMatches(decoded, key, size, offset);
            if (volume.isExpired(decoded.needle())) {
                expired++;
                return;
            }
            append(key, size, record);
            copied++;
            copiedBytes += length;
            CompactionStep.MID_COPY.hit();
        });
    }

    /** Replays idx entries {@code from..to} (appended after the snapshot) into the new files. */
    private void catchUp(Volume.CompactionSource source, RecordReader reader, long from, long to) {
        source.idx().replay(from, to, (key, offsetUnits, size) -> {
            if (size < 0 && newMap.get(key) == NeedleLocation.ABSENT) {
                return;
            }
            long offset = offsetUnits << 3;
            int length = (int) NeedleCodec.recordLength(Math.max(size, 0));
            ByteBuffer record = reader.read(offset, length, offset + length);
            NeedleCodec.DecodedRecord decoded = NeedleCodec.decode(record, offset);
            checkMatches(decoded, key, Math.max(size, 0), offset);
            append(key, size, record);
            caughtUp++;
        });
    }

    private static void checkMatches(NeedleCodec.DecodedRecord decoded, long key, int size, long offset) {
        if (decoded.key() != key || decoded.bodySize() != size) {
            throw NeedleCodec.corrupt(offset, "record does not match its index entry");
        }
    }

    /** Appends a record (size -1 for a tombstone) to the new files and the new map. */
    private void append(long key, int size, ByteBuffer record) {
        long offset = cpdEnd;
        int length = record.remaining();
        if (length > datOut.remaining()) {
            flushDat();
        }
        if (length > datOut.capacity()) {
            FileIo.writeFully(cpd, record, offset);
            cpdFlushed = offset + length;
        } else {
            datOut.put(record);
        }
        cpdEnd = offset + length;
        if (idxOut.remaining() < IndexFile.ENTRY_SIZE) {
            flushIdx();
        }
        idxOut.putLong(key).putInt((int) (offset >>> 3)).putInt(size);
        cpxEnd += IndexFile.ENTRY_SIZE;
        if (size >= 0) {
            newMap.put(key, (int) (offset >>> 3), size);
        } else {
            newMap.delete(key);
        }
    }

    private void flush() {
        flushDat();
        flushIdx();
    }

    private void flushDat() {
        datOut.flip();
        int n = datOut.remaining();
        FileIo.writeFully(cpd, datOut, cpdFlushed);
        cpdFlushed += n;
        datOut.clear();
    }

    private void flushIdx() {
        idxOut.flip();
        int n = idxOut.remaining();
        FileIo.writeFully(cpx, idxOut, cpxFlushed);
        cpxFlushed += n;
        idxOut.clear();
    }

    /** Removes temp files and a marker left by an earlier compaction in this process. */
    private void removeLeftovers() {
        boolean any = FileIo.deleteIfExists(markerPath);
        any |= FileIo.deleteIfExists(cpdPath);
        any |= FileIo.deleteIfExists(cpxPath);
        if (any) {
            FileIo.forceDirectory(dir);
        }
    }

    /** Undoes what can be undone after a runtime failure; see the class comment. */
    private void abort(RuntimeException failure) {
        if (renamed) {
            volume.failedMidSwitch();
            LOG.error("volume {}: compaction failed during the switch; read-only until reopened, which finishes it",
                    volume.id(), failure);
            return;
        }
        closeQuietly(cpd);
        closeQuietly(cpx);
        try {
            if (markerWritten) {
                FileIo.deleteIfExists(markerPath);
                FileIo.forceDirectory(dir);
            }
            FileIo.deleteIfExists(cpdPath);
            FileIo.deleteIfExists(cpxPath);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static FileChannel createTemp(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    private static void force(FileChannel channel) {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force compacted file", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("cannot close a compacted file", e);
        }
    }
}
