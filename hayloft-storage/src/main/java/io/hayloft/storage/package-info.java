/**
 * The volume engine: needles packed into append-only volume files, Haystack style. No HTTP here.
 *
 * <p>Key types:
 * <ul>
 *   <li>{@link io.hayloft.storage.Volume} — one volume: {@code .dat} (superblock + needle records),
 *       {@code .idx} (16-byte entries) and an in-memory needle map; write, read, delete, recovery.</li>
 *   <li>{@link io.hayloft.storage.Needle} — a file as stored (key, cookie, data, optional name, mime,
 *       last-modified, TTL, pairs, CRC-32C).</li>
 *   <li>{@link io.hayloft.storage.NeedleRecord} — one {@code .dat} record (live needle or tombstone),
 *       encoded and verified: what replication moves, so a replica appends the primary's bytes as they are
 *       ({@code Volume.recordOf}, {@code Volume.appendRecord}, {@code Volume.appendTombstone}).</li>
 *   <li>{@link io.hayloft.storage.SuperBlock} — the 8-byte header of {@code .dat}.</li>
 *   <li>{@link io.hayloft.storage.VolumeOptions}, {@link io.hayloft.storage.VolumeStats},
 *       {@link io.hayloft.storage.WriteResult}, {@link io.hayloft.storage.RecoveryReport},
 *       {@link io.hayloft.storage.VolumeFiles} — configuration, counters, results, file names.</li>
 *   <li>{@link io.hayloft.storage.CompactionResult}, {@link io.hayloft.storage.CompactionRecoveryOutcome},
 *       {@link io.hayloft.storage.CompactionStep} — vacuum results, crash outcome, and its steps.</li>
 *   <li>{@link io.hayloft.storage.FaultPoints} — named fault-injection hooks, no-ops unless a test arms them.</li>
 *   <li>Package-private: {@code NeedleCodec} (record layout), {@code IndexFile} (entry layout),
 *       {@code VolumeRecovery} (open-time repair), {@code GroupCommit} (shared fsync),
 *       {@code VolumeCompactor} (vacuum), {@code RecordReader} (its sequential reads),
 *       {@code CompactionMarker} (the commit point's layout), {@code CompactionRecovery} (its open-time half).</li>
 * </ul>
 *
 * <pre>
 * write:    encode record ─▶ [append lock] cookie/unchanged check ─▶ size check ─▶ pwrite .dat
 *           ─▶ append .idx entry ─▶ update needle map ─▶ [unlock] ─▶ (fsync) wait for group force
 * read:     needle map lookup (short read lock) ─▶ pread record ─▶ verify key, size, CRC ─▶ cookie, TTL
 * delete:   [append lock] cookie check ─▶ append tombstone record + .idx entry (size -1) ─▶ map delete
 * replica:  NeedleRecord.parse (layout, CRC, key/cookie) ─▶ [append lock] write's checks ─▶ pwrite the bytes as given
 * recovery: cut torn .idx ─▶ drop tail entries without a valid record ─▶ replay .idx into the map
 *           ─▶ re-index valid records after the last entry ─▶ cut a torn/corrupt .dat tail
 * </pre>
 *
 * <p>Vacuum ({@link io.hayloft.storage.Volume#compact()}) writes {@code <base>.cpd} (a {@code .dat}
 * with the compaction revision + 1) and {@code <base>.cpx} (an {@code .idx}) next to the volume, and
 * decides crash recovery by the marker {@code <base>.cpm} ({@code CompactionMarker}), which exists
 * only from the commit point until the switch is durable:
 *
 * <pre>
 *          ┌──────────── crash: no marker ⇒ open ROLLS BACK (delete .cpd/.cpx) ────────────┐
 *          │                                                                              │
 *  IDLE ─▶ COPYING ─▶ CAUGHT UP ─▶ [append lock] final catch-up, force ─▶ MARKER ─▶ SWITCHING ─▶ SWITCHED ─▶ IDLE
 *  .dat    + .cpd        (no lock)                                       + .cpm     .cpd⇒.dat     .cpx⇒.idx    − .cpm
 *  .idx    + .cpx                                                        (forced,   (rename)      (rename,
 *                                                                         dir too)                 dir forced)
 *                                                                            │                          │
 *                                                                            └─ crash: valid marker ⇒ open ROLLS FORWARD:
 *                                                                               rename what is left, drop the marker
 * </pre>
 *
 * Writes and deletes made during the copy land in the old files and are replayed from the
 * {@code .idx} tail (as SeaweedFS's idx diff does); the final round runs under the append lock,
 * so nothing acknowledged is missed. A torn marker fails its CRC and counts as absent: no rename
 * happens before the marker and its directory entry are forced. Each step is a
 * {@link io.hayloft.storage.CompactionStep} fault point.
 *
 * <p>Formats are big-endian and documented byte by byte in {@code SuperBlock}, {@code NeedleCodec},
 * {@code IndexFile} and {@code CompactionMarker}. Errors are {@link io.hayloft.api.HayloftException}s carrying an
 * {@link io.hayloft.api.ErrorCode}; I/O failures are {@link java.io.UncheckedIOException}s.
 */
package io.hayloft.storage;
