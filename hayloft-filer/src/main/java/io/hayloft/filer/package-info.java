/**
 * The filer: a directory tree over blobs (seed 004's file layer, seed 000's weed-fs filer).
 *
 * <pre>
 *   FilerServer.start(FilerConfig)
 *     ├─ store.rocks.RocksFilerStore   metadata + durable deletion queue + upload intents (store.FilerStore SPI)
 *     │  or store.jdbc.JdbcFilerStore  the same in PostgreSQL (-store postgres)
 *     ├─ deletion.OrphanReclaimer      leftover upload intents of a previous run → deletion queue
 *     ├─ namespace.Namespace           tree rules, atomic mutations
 *     ├─ rules.PathRules               per path prefix: collection, replication, TTL, chunk size
 *     ├─ chunk.*                       streamed chunked writes and ranged reads via HayloftClient
 *     ├─ deletion.DeletionCollector    background chunk garbage collection
 *     ├─ http.FilerRoutes              the SeaweedFS-style HTTP API on port 8888
 *     └─ FilerServices                 namespace, uploader, reader and write defaults for a caller in this
 *                                      process (the S3 gateway of hayloft server), FilerServer.services()
 * </pre>
 * {@link io.hayloft.filer.FilerServer} and {@link io.hayloft.filer.FilerConfig} are the entry points.
 */
package io.hayloft.filer;
