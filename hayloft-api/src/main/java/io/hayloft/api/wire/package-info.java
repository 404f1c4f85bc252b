/**
 * JSON bodies exchanged over HTTP, as Jackson-mapped records. Field names follow SeaweedFS so its
 * clients and scripts work unchanged.
 *
 * <p>Public API: {@link io.hayloft.api.wire.AssignResponse}, {@link io.hayloft.api.wire.LookupResponse},
 * {@link io.hayloft.api.wire.UploadResponse}, {@link io.hayloft.api.wire.SubmitResponse},
 * {@link io.hayloft.api.wire.DeleteResponse}, {@link io.hayloft.api.wire.ErrorResponse}.
 *
 * <p>Between servers (master &lt;-&gt; volume server):
 * <pre>
 *   volume server                                   master
 *   POST /internal/node/id?address=ip:port  ---->   NodeIdResponse {nodeId}   (raft-committed sequence)
 *   POST /internal/heartbeat  Heartbeat     ---->   HeartbeatResponse {volumeSizeLimit, leader}
 *   &lt;---- POST /admin/volume/allocate?volume=&amp;collection=&amp;replication=&amp;ttl=   (growth)
 *   &lt;---- POST /admin/volume/delete?volume=                                  (collection delete)
 * </pre>
 */
package io.hayloft.api.wire;
