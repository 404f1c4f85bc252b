package io.hayloft.storage;

import java.time.Duration;

/**
 * What one {@link Volume#compact()} did.
 *
 * @param revision              the compaction revision of the new files (old + 1, modulo 2^16)
 * @param sizeBefore            bytes of the old {@code .dat} at the switch (writes made during the
 *                              compaction included)
 * @param sizeAfter             bytes of the new {@code .dat} at the switch
 * @param garbageRatioBefore    garbage over size when the compaction started, measured exactly while
 *                              copying: bytes of records not copied (deleted, replaced and expired
 *                              needles, tombstones) over the {@code .dat} size at the start
 * @param needlesCopied         live needles copied from the snapshot
 * @param expiredNeedlesDropped needles live in the map but past their TTL, not copied
 * @param recordsCaughtUp       records (writes and deletes) that arrived during the copy and were
 *                              replayed into the new files
 * @param duration              wall time from start to switch, by the volume's clock
 */
public record CompactionResult(int revision, long sizeBefore, long sizeAfter, double garbageRatioBefore,
                               long needlesCopied, long expiredNeedlesDropped, long recordsCaughtUp,
                               Duration duration) {
    /** Returns the bytes of {@code .dat} given back: {@code sizeBefore - sizeAfter}. */
    public long bytesReclaimed() {
        return sizeBefore - sizeAfter;
    }
}
