/**
 * The namespace service: the directory tree's rules, with no HTTP and no chunk I/O.
 *
 * <pre>
 *   mkdirs / commitFile / delete / rename
 *        │  (one lock: mutations are serialised)
 *        ▼
 *   checks (parents are directories, not into itself, recursive for non-empty)
 *        ▼
 *   Mutation { deletes, puts, freed chunk fids } ──► FilerStore.commit (atomic)
 *        ▼
 *   chunksQueued.run()  ──► DeletionCollector wakes up
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.namespace.Namespace}: the service.</li>
 *   <li>{@link io.hayloft.filer.namespace.Listing}: one page of a directory listing.</li>
 * </ul>
 */
package io.hayloft.filer.namespace;
