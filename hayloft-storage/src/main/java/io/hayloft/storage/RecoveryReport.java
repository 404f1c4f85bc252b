package io.hayloft.storage;

/**
 * What {@link Volume#open} repaired. All zero after a clean shutdown.
 *
 * @param truncatedIndexBytes  bytes cut from the end of {@code .idx} (a torn entry, or entries that
 *                             point past the end of {@code .dat} or at records that fail to verify)
 * @param droppedIndexEntries  whole index entries among those cut
 * @param reindexedRecords     valid records found in {@code .dat} after the last indexed one and
 *                             appended to {@code .idx} (tombstones included)
 * @param truncatedDataBytes   bytes cut from the end of {@code .dat} (a torn or corrupt last record)
 * @param loadedIndexEntries   index entries replayed into the needle map
 */
public record RecoveryReport(long truncatedIndexBytes, long droppedIndexEntries, long reindexedRecords,
                             long truncatedDataBytes, long loadedIndexEntries) {
    /** Returns true if recovery changed either file. */
    public boolean repaired() {
        return truncatedIndexBytes > 0 || reindexedRecords > 0 || truncatedDataBytes > 0;
    }
}
