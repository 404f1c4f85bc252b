/**
 * File content: streaming a body into chunks on the volume servers and streaming ranges back.
 *
 * <pre>
 *   body ─► ≤ inline limit? ── yes ─► md5, Entry with inline content ───────────────────┐
 *                 │ no                                                                    │
 *                 ▼                                                                       ▼
 *   ChunkWriter: receive chunk N+1 into a pooled buffer ─┬─► md5 thread (in order)   Namespace.commitFile
 *                (ChunkBuffers, N + 1 of them)           └─► N stores at once:       (clears the
 *                                                            BlobStore.write = assign,   intents) ▲
 *                                                            record upload intent, upload         │
 *                                          └──────────── List&lt;FileChunk&gt; ─────────────────────┘
 *
 *   GET range ─► ChunkReader ─► for each overlapping chunk: BlobStore.read(fid, window) ─► out
 * </pre>
 * <ul>
 *   <li>{@link io.hayloft.filer.chunk.FileUploader}: inline or chunked write, then the commit.</li>
 *   <li>{@link io.hayloft.filer.chunk.ChunkWriter} / {@link io.hayloft.filer.chunk.ChunkReader}:
 *       bounded-memory chunk I/O; {@code ChunkBuffers}: the reused chunk buffers of one upload;
 *       {@code SpareChunkArrays}: the ones kept between uploads for the next.</li>
 *   <li>{@link io.hayloft.filer.chunk.BlobStore}: the blob layer; {@link io.hayloft.filer.chunk.ClientBlobStore}
 *       implements it over {@link io.hayloft.client.HayloftClient}, which the filer builds on its own
 *       Vert.x client ({@code io.hayloft.http.VertxHttpTransport}): assigns, lookups, and the chunks of
 *       volume servers outside its process are Vert.x calls, each with a deadline.</li>
 *   <li>{@link io.hayloft.filer.chunk.ColocatedVolume}: a volume server in the filer's own process
 *       ({@code hayloft server}); {@code ClientBlobStore} writes the chunks assigned to it and reads the
 *       chunks it holds by method call instead of loopback HTTP.</li>
 *   <li>{@link io.hayloft.filer.chunk.ChunkOutput}: an output a read chunk is handed to without a copy.</li>
 *   <li>{@link io.hayloft.filer.chunk.BufferedBytes}: file content held in memory now and at most, the
 *       figure that stays bounded whatever the file size.</li>
 *   <li>{@link io.hayloft.filer.chunk.StoragePolicy}: collection, replication and TTL of chunks.</li>
 *   <li>{@link io.hayloft.filer.chunk.UploadFaults}: named fault-injection points (crash tests).</li>
 * </ul>
 */
package io.hayloft.filer.chunk;
