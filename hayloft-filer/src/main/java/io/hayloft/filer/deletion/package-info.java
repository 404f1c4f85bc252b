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
 * Orphans (chunks of writes that never committed) join the same queue: at start,
 * {@link io.hayloft.filer.deletion.OrphanReclaimer} moves the filer's leftover upload intents onto it,
 * and before each timed collector pass {@link io.hayloft.filer.deletion.StaleIntentSweeper} moves any
 * filer's intents older than {@code FilerConfig.staleIntentAge} (a filer that never came back).
 * <ul>
 *   <li>{@link io.hayloft.filer.deletion.DeletionCollector}: the background collector.</li>
 *   <li>{@link io.hayloft.filer.deletion.OrphanReclaimer}: the start-up sweep of upload intents.</li>
 *   <li>{@link io.hayloft.filer.deletion.StaleIntentSweeper}: the age-based sweep of every filer's intents.</li>
 * </ul>
 */
package io.hayloft.filer.deletion;
