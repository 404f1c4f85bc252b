package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.needlemap.NeedleMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Brings a volume's {@code .dat} and {@code .idx} back into agreement at open and loads the needle
 * map. It relies on the write order: a record is written to {@code .dat} before its entry is
 * appended to {@code .idx}, both in the same order, so damage from a crash can only be at the tails.
 *
 * <pre>
 *  .idx  [e1][e2]...[ek][ek+1 torn?]           .dat  [sb][r1][r2]...[rk][rk+1][rk+2 torn?]
 *   1. cut a torn entry (length not a multiple of 16)
 *   2. walk back from the last entry; drop entries whose record is past the end of .dat
 *      or does not decode and verify (key, size, CRC); stop at the first good one (ek)
 *   3. replay e1..ek into the needle map (a chunk of entries at a time: NeedleMap.applyAll)
 *   4. scan .dat after rk's end: append an entry for each valid record (rk+1, tombstones too)
 *   5. cut .dat at the first record that is torn or fails to verify
 * </pre>
 *
 * Entries before the last good one are trusted without reading {@code .dat} (that is what makes
 * loading fast); bit rot inside them is caught by the CRC check on every read.
 */
final class VolumeRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRecovery.class);

    /**
     * Outcome of recovery.
     *
     * @param datEnd         length of {@code .dat} after recovery (end of the last valid record)
     * @param lastAppendAtNs append time of the newest valid record, 0 if there is none
     * @param report         what was repaired
     */
    record Result(long datEnd, long lastAppendAtNs, RecoveryReport report) {
    }

    private VolumeRecovery() {
    }

    /**
     * Repairs both files and fills {@code map}.
     *
     * @param volume name for log messages
     * @throws UncheckedIOException on an I/O failure
     */
    static Result recover(String volume, FileChannel dat, IndexFile idx, NeedleMap map) {
        long datLength = size(dat);
        long idxLength = idx.length();
        long entries = idxLength / IndexFile.ENTRY_SIZE;

        long lastEnd = SuperBlock.SIZE;
        long lastAppendAtNs = 0;
        long dropped = 0;
        while (entries > 0) {
            IndexFile.Entry entry = idx.read(entries - 1);
            long appendAt = verify(dat, datLength, entry);
            if (appendAt >= 0) {
                lastEnd = entry.byteOffset() + NeedleCodec.recordLength(Math.max(entry.size(), 0));
                lastAppendAtNs = appendAt;
                break;
            }
            entries--;
            dropped++;
        }
        long keptIdxLength = entries * IndexFile.ENTRY_SIZE;
        if (keptIdxLength != idxLength) {
            LOG.warn("volume {}: cutting {} bytes from the index tail ({} entries without a valid record)",
                    volume, idxLength - keptIdxLength, dropped);
            idx.truncate(keptIdxLength);
        }

        long end = lastEnd;
        long[] skipped = new long[1];
        idx.replayBatches(entries, (keys, offsets, sizes, count) -> {
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (((offsets[i] & 0xFFFF_FFFFL) << 3) + NeedleCodec.recordLength(Math.max(sizes[i], 0)) > end) {
                    skipped[0]++;
                } else {
                    keys[kept] = keys[i];
                    offsets[kept] = offsets[i];
                    sizes[kept] = sizes[i];
                    kept++;
                }
            }
            map.applyAll(keys, offsets, sizes, kept);
        });
        if (skipped[0] > 0) {
            LOG.warn("volume {}: ignored {} out-of-order index entries", volume, skipped[0]);
        }

        long position = lastEnd;
        long reindexed = 0;
        while (position < datLength) {
            NeedleCodec.DecodedRecord record = readValidRecord(dat, datLength, position);
            if (record == null) {
                break;
            }
            idx.append(record.key(), position >>> 3, record.tombstone() ? IndexFile.TOMBSTONE_SIZE : record.bodySize());
            if (record.tombstone()) {
                map.delete(record.key());
            } else {
                map.put(record.key(), (int) (position >>> 3), record.bodySize());
            }
            lastAppendAtNs = Math.max(lastAppendAtNs, record.appendAtNs());
            position += NeedleCodec.recordLength(record.bodySize());
            reindexed++;
        }
        if (reindexed > 0) {
            LOG.warn("volume {}: re-indexed {} records found after the last index entry", volume, reindexed);
        }
        long cut = datLength - position;
        if (cut > 0) {
            LOG.warn("volume {}: cutting {} bytes of torn or corrupt records from the data tail at byte {}",
                    volume, cut, position);
            try {
                dat.truncate(position);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot truncate data file of volume " + volume, e);
            }
        }
        RecoveryReport report = new RecoveryReport(idxLength - keptIdxLength, dropped, reindexed, cut,
                entries - skipped[0]);
        return new Result(position, lastAppendAtNs, report);
    }

    /** Returns the append time of the entry's record if it is in the file and verifies, else -1. */
    private static long verify(FileChannel dat, long datLength, IndexFile.Entry entry) {
        if (entry.size() < IndexFile.TOMBSTONE_SIZE || entry.byteOffset() < SuperBlock.SIZE) {
            return -1;
        }
        long bodySize = Math.max(entry.size(), 0);
        if (entry.byteOffset() + NeedleCodec.recordLength(bodySize) > datLength) {
            return -1;
        }
        NeedleCodec.DecodedRecord record = readValidRecord(dat, datLength, entry.byteOffset());
        if (record == null || record.key() != entry.key() || record.bodySize() != bodySize
                || record.tombstone() != entry.tombstone()) {
            return -1;
        }
        return record.appendAtNs();
    }

    /** Reads and verifies the record at {@code position}; null if it is torn or corrupt. */
    private static NeedleCodec.DecodedRecord readValidRecord(FileChannel dat, long datLength, long position) {
        if (datLength - position < NeedleCodec.HEADER_SIZE) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(NeedleCodec.HEADER_SIZE);
        FileIo.readFully(dat, header, position);
        long bodySize = NeedleCodec.bodySizeInHeader(header);
        if (bodySize > NeedleCodec.MAX_BODY_SIZE) {
            return null;
        }
        long length = NeedleCodec.recordLength(bodySize);
        if (position + length > datLength) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate((int) length);
        FileIo.readFully(dat, record, position);
        try {
            return NeedleCodec.decode(record, position);
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.CORRUPT) {
                throw e;
            }
            return null;
        }
    }

    private static long size(FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
