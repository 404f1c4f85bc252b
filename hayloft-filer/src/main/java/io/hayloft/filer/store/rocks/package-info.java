/**
 * The embedded RocksDB {@link io.hayloft.filer.store.FilerStore}, the filer's default.
 *
 * <pre>
 *   Mutation ──► WriteBatch (deletes, puts, queue appends) ──► RocksDB (sync write)
 *   list(dir) ──► iterator.seek(0x01 dir 0x00 start) ──► next() while the prefix matches
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.store.rocks.RocksFilerStore}: the store.</li>
 *   <li>{@code StoreKeys}: the key layout, byte by byte.</li>
 *   <li>{@link io.hayloft.filer.store.EntryCodec}: the value layout of entries and queued deletions, byte by
 *       byte; intent values are documented in {@code StoreKeys}.</li>
 * </ul>
 */
package io.hayloft.filer.store.rocks;
