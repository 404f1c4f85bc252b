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
 * put(key):  directory binary search ─▶ segment binary search ─▶ replace in place
 *                                                            └─▶ insert (append / split a full segment)
 * get(key):  directory binary search ─▶ segment binary search ─▶ pack(offset, size) or ABSENT
 * </pre>
 *
 * A volume fills its map at open by replaying {@code .idx}, then keeps it current on every append.
 */
package io.hayloft.storage.needlemap;
