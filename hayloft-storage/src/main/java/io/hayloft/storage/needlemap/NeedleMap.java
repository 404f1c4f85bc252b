package io.hayloft.storage.needlemap;

/**
 * The in-memory index of one volume: needle key to where its newest live record lives in
 * {@code .dat} (offset in 8-byte units and body size). One lives per open volume, so it must stay
 * small: implementations are expected to cost a few bytes per needle and no object per entry.
 *
 * <p>Keys are unsigned 64-bit values: ordering (for {@link #forEach} and {@link #maxKey}) is
 * {@link Long#compareUnsigned unsigned}. Locations are exchanged as packed {@code long}s
 * (see {@link NeedleLocation}) so lookups allocate nothing.
 *
 * <p>Bookkeeping follows SeaweedFS: every needle that stops being live (deleted, or replaced by a
 * newer version of the same key) counts once in {@link #deletedCount()} and adds its body size to
 * {@link #deletedBytes()}; both measure garbage that a vacuum would reclaim.
 *
 * <p>Threading: implementations are <em>not</em> thread-safe; the owning volume serialises access.
 */
public interface NeedleMap {

    /** Receives entries during {@link #forEach}. */
    @FunctionalInterface
    interface Visitor {
        /**
         * Called once per live entry.
         *
         * @param key         the needle key
         * @param offsetUnits the record offset in 8-byte units (unsigned 32 bits, widened)
         * @param size        the needle body size
         */
        void visit(long key, long offsetUnits, int size);
    }

    /**
     * Looks a key up.
     *
     * @return the packed location of the live needle, or {@link NeedleLocation#ABSENT} if the key was
     *         never put or has been deleted
     */
    long get(long key);

    /**
     * Inserts a key, or replaces its location (the previous needle becomes garbage).
     *
     * @param offsetUnits the record offset in 8-byte units (the int is read as unsigned)
     * @param size        the needle body size, at least 0
     * @return the previous packed location, or {@link NeedleLocation#ABSENT} if there was none
     * @throws IllegalArgumentException if size is negative
     */
    long put(long key, int offsetUnits, int size);

    /**
     * Removes a key's live needle, counting it as deleted.
     *
     * @return the packed location it had, or {@link NeedleLocation#ABSENT} (and nothing changes) if
     *         there was no live needle
     */
    long delete(long key);

    /**
     * Applies {@code count} index entries in order, each exactly as {@link #put} (a size of at least 0)
     * or {@link #delete} (a negative size: a tombstone) would one at a time: the bulk path of loading an
     * index. Implementations may write runs of ascending new keys without a search; this default calls
     * {@link #put} and {@link #delete}.
     *
     * @param keys        the needle keys
     * @param offsetUnits the record offsets in 8-byte units (each int read as unsigned)
     * @param sizes       the body sizes, negative for a delete
     * @param count       how many entries of the arrays to apply, from index 0
     */
    default void applyAll(long[] keys, int[] offsetUnits, int[] sizes, int count) {
        for (int i = 0; i < count; i++) {
            if (sizes[i] >= 0) {
                put(keys[i], offsetUnits[i], sizes[i]);
            } else {
                delete(keys[i]);
            }
        }
    }

    /** Returns the number of live needles. */
    long liveCount();

    /** Returns how many needles stopped being live (deleted or replaced) since the map was created. */
    long deletedCount();

    /** Returns the sum of the body sizes of the needles counted by {@link #deletedCount()}. */
    long deletedBytes();

    /** Returns the largest key (unsigned) ever put, deleted ones included; 0 if none. */
    long maxKey();

    /** Visits every live entry in ascending unsigned key order. The visitor must not modify the map. */
    void forEach(Visitor visitor);

    /**
     * Returns an estimate of the heap bytes the map holds, computed from its array capacities and
     * object headers (not from a heap measurement).
     */
    long memoryBytes();
}
