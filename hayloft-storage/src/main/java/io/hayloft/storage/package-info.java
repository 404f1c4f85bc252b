/**
 * The volume engine: needles packed into append-only volume files, Haystack style. No HTTP here.
 *
 * <p>Key types:
 * <ul>
 *   <li>{@link io.hayloft.storage.Volume} — one volume: {@code .dat} (superblock + needle records),
 *       {@code .idx} (16-byte entries) and an in-memory needle map; write, read, delete, recovery.</li>
 *   <li>{@link io.hayloft.storage.Needle} — a file as stored (key, cookie, data, optional name, mime,
 *       last-modified, TTL, pairs, CRC-32C).</li>
 *   <li>{@link io.hayloft.storage.SuperBlock} — the 8-byte header of {@code .dat}.</li>
 *   <li>{@link io.hayloft.storage.VolumeOptions}, {@link io.hayloft.storage.VolumeStats},
 *       {@link io.hayloft.storage.WriteResult}, {@link io.hayloft.storage.RecoveryReport},
 *       {@link io.hayloft.storage.VolumeFiles} — configuration, counters, results, file names.</li>
 *   <li>Package-private: {@code NeedleCodec} (record layout), {@code IndexFile} (entry layout),
 *       {@code VolumeRecovery} (open-time repair), {@code GroupCommit} (shared fsync).</li>
 * </ul>
 *
 * <pre>
 * write:    encode record ─▶ [append lock] cookie/unchanged check ─▶ size check ─▶ pwrite .dat
 *           ─▶ append .idx entry ─▶ update needle map ─▶ [unlock] ─▶ (fsync) wait for group force
 * read:     needle map lookup (short read lock) ─▶ pread record ─▶ verify key, size, CRC ─▶ cookie, TTL
 * delete:   [append lock] cookie check ─▶ append tombstone record + .idx entry (size -1) ─▶ map delete
 * recovery: cut torn .idx ─▶ drop tail entries without a valid record ─▶ replay .idx into the map
 *           ─▶ re-index valid records after the last entry ─▶ cut a torn/corrupt .dat tail
 * </pre>
 *
 * <p>Formats are big-endian and documented byte by byte in {@code SuperBlock}, {@code NeedleCodec}
 * and {@code IndexFile}. Errors are {@link io.hayloft.api.HayloftException}s carrying an
 * {@link io.hayloft.api.ErrorCode}; I/O failures are {@link java.io.UncheckedIOException}s.
 */
package io.hayloft.storage;
