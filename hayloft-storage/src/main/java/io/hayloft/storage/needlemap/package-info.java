/**
 * In-memory needle maps: needle key to the offset and size of its newest record in {@code .dat}.
 *
 * <p>Key types:
 * <ul>
 *   <li>{@link io.hayloft.storage.needlemap.NeedleMap} — the contract (get, put, delete, counters,
 *       ascending iteration), locations packed in a {@code long} by
 *       {@link io.hayloft.storage.needlemap.NeedleLocation}.</li>
 *   <li>{@link io.hayloft.storage.needlemap.CompactNeedleMap} — sorted segments of packed rows,
 *       about 9 bytes per needle.</li>
 * </ul>
 *
 * <pre>
 * put(key):  key above every key so far ─▶ append to the last segment (a new full-size one when it is full)
 *            else directory binary search ─▶ segment binary search ─▶ replace in place
 *                                                                 └─▶ insert (split a full segment)
 * applyAll(keys, offsets, sizes):  runs of ascending new keys written as rows in one loop; others put/delete
 * get(key):  directory binary search ─▶ segment binary search ─▶ pack(offset, size) or ABSENT
 * </pre>
 *
 * A volume fills its map at open by replaying {@code .idx} a chunk of entries at a time through
 * {@code applyAll}, then keeps it current on every append.
 */
package io.hayloft.storage.needlemap;
