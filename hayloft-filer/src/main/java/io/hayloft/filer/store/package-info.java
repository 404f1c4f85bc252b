/**
 * The FilerStore SPI: the filer's metadata behind one interface, with atomic multi-key commits.
 *
 * <pre>
 *   Namespace ──(Mutation: deletes, puts, enqueued chunk fids)──► FilerStore.commit   (atomic, durable)
 *   Namespace ──find / list(dir, startFileName, inclusive, limit)──► FilerStore
 *   DeletionCollector ──pendingDeletions / completeDeletions──► FilerStore
 *   FileUploader ──recordUploadIntents (before each chunk upload)──► FilerStore
 *   OrphanReclaimer (at start) ──uploadIntents(owner) → commit{enqueue, clear}──► FilerStore
 *   StaleIntentSweeper (each collector pass) ──uploadIntentsRecordedBefore(now − age) → commit{enqueue, claim}──►
 *   FileUploader commit ──commit{put entry, claim intents} (CONFLICT if one was swept)──► FilerStore
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.store.FilerStore}: the contract every implementation meets (and proves
 *       by subclassing {@code FilerStoreConformanceTest}).</li>
 *   <li>{@link io.hayloft.filer.store.Mutation}: the atomic unit of change.</li>
 *   <li>{@link io.hayloft.filer.store.PendingDeletion}: one entry of the durable deletion queue.</li>
 *   <li>{@link io.hayloft.filer.store.UploadIntent}: a chunk of a write not committed yet (orphan tracking).</li>
 *   <li>{@link io.hayloft.filer.store.EntryCodec}: the binary entry format both stores keep.</li>
 *   <li>{@code rocks.RocksFilerStore}: the embedded default.</li>
 *   <li>{@code jdbc.JdbcFilerStore}: PostgreSQL-compatible databases, shareable by several filers.</li>
 * </ul>
 */
package io.hayloft.filer.store;
