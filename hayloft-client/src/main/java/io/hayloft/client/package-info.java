/**
 * The slim Java client applications embed: assign a file id, upload, look up, download and delete
 * blobs. It depends only on {@code hayloft-api}, Jackson and the JDK {@link java.net.http.HttpClient}
 * (HTTP/1.1, virtual threads), never on server code.
 *
 * <p>Entry point: {@link io.hayloft.client.HayloftClient}, configured by
 * {@link io.hayloft.client.ClientConfig}; {@link io.hayloft.client.AssignRequest} says what to
 * reserve and {@link io.hayloft.client.BlobInfo} describes a downloaded blob.
 *
 * <p>{@link io.hayloft.client.MasterClient} (configured by {@link io.hayloft.client.MasterClientConfig})
 * is the one client of the masters in Hayloft: the blob client, the volume server (node id, heartbeat,
 * lookup) and the shell all call the masters through it, with requests built from
 * {@link io.hayloft.api.wire.MasterApi}. Its failover policy ({@code MasterFailover}) is the only one:
 * <pre>
 *   order: known leader ─► master that answered last ─► the others (-master, then announced)
 *   each attempt bounded by attemptTimeout
 *     2xx                                 ─► done
 *     3xx to the same path elsewhere       ─► try there next (a leader hint)
 *     error body {"code","leader"}         ─► leader noted; try it next
 *     code UNAVAILABLE / unreachable       ─► next master; after a round, pause and go again within retryBudget
 *     any other code (CONFLICT, 4xx, INTERNAL) ─► thrown at once, never retried
 * </pre>
 *
 * <pre>
 *   put(data) ──► master  GET /dir/assign        ──► {fid, url, publicUrl}
 *             └─► volume  POST /&lt;fid&gt; (multipart) ──► 201 {name, size, eTag}
 *   download(fid) ─► master GET /dir/lookup?volumeId= (cached briefly) ─► each location GET /&lt;fid&gt;
 *   delete(fid)   ─► lookup as above ─► first reachable location DELETE /&lt;fid&gt; ─► 202 {size}
 * </pre>
 *
 * <p>{@link io.hayloft.client.FilerClient} is the one client of the filer's HTTP API
 * ({@link io.hayloft.api.wire.FilerApi}): {@code hayloft fs} and the S3 gateway of {@code hayloft s3}
 * both call the filer through it. It sends through an {@link io.hayloft.api.wire.HttpTransport}
 * ({@link io.hayloft.client.JdkHttpTransport} by default; a server's Vert.x one with
 * {@code FilerClient.over}), streams bodies both ways and decides on the error body's {@code code};
 * {@link io.hayloft.client.MasterTransport#over} runs the master client over the same seam.
 *
 * <p>Every failure is a {@link io.hayloft.api.HayloftException} whose
 * {@link io.hayloft.api.ErrorCode} is the error body's {@code code} (the HTTP status alone, 404
 * NOT_FOUND, 409 CONFLICT, 503 UNAVAILABLE..., only when the body has none) and whose message is
 * the server's {@code error} text; an unreachable server is UNAVAILABLE.
 */
package io.hayloft.client;
