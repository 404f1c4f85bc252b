/**
 * Garbage collection of chunks: the background half of "delete at once, reclaim later" (seed 004).
 *
 * <pre>
 *   Namespace.delete / overwrite / rename-over ──(same atomic commit)──► deletion queue in the FilerStore
 *                                                                            │
 *   DeletionCollector (every interval, or woken) ◄── pendingDeletions ───────┘
 *        │ BlobStore.delete(fid)   (NOT_FOUND = done; other failures stay queued)
 *        └──► completeDeletions(done)
 * </pre>
 * {@link io.hayloft.filer.deletion.DeletionCollector} is the only type.
 */
package io.hayloft.filer.deletion;
