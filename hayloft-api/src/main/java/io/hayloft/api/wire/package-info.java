/**
 * The protocol between roles, defined once: each role's endpoints and the JSON bodies they exchange.
 * Field names and paths follow SeaweedFS so its clients and scripts work unchanged.
 *
 * <p>Endpoints: {@link io.hayloft.api.wire.MasterApi}, {@link io.hayloft.api.wire.VolumeApi} and
 * {@link io.hayloft.api.wire.FilerApi} hold every route of each role as an
 * {@link io.hayloft.api.wire.Endpoint} (path, methods, query parameter names) and the parameter
 * names as constants. Servers register their routes and check parameters from them
 * ({@code Params.allowOnly(ctx, MasterApi.MOVE.params())}); clients build requests from them with
 * {@link io.hayloft.api.wire.PathQuery}, which refuses a parameter the endpoint does not take and
 * percent-encodes ({@link io.hayloft.api.wire.PercentEncoding}, RFC 3986):
 * <pre>
 *   MasterApi.LOOKUP.query().param(MasterApi.VOLUME_ID, 7).url("m1:9333")   → http://m1:9333/dir/lookup?volumeId=7
 *   VolumeApi.BLOB.at("3,01637037d6").param(VolumeApi.TTL, "3m")            → /3,01637037d6?ttl=3m
 *   FilerApi.READ.at("/docs/a b.txt").flag(FilerApi.METADATA, true)         → /docs/a%20b.txt?metadata=true
 * </pre>
 * Main code holds no path literal outside these classes; {@code MasterRoutesMatchApiTest} and
 * {@code VolumeRoutesMatchApiTest} check that a running server routes every defined method and
 * answers 405 to the others.
 *
 * <p>Public API: {@link io.hayloft.api.wire.AssignResponse}, {@link io.hayloft.api.wire.LookupResponse},
 * {@link io.hayloft.api.wire.UploadResponse}, {@link io.hayloft.api.wire.SubmitResponse},
 * {@link io.hayloft.api.wire.DeleteResponse}, {@link io.hayloft.api.wire.ErrorResponse}.
 *
 * <p>The filer's bodies: {@link io.hayloft.api.wire.FilerEntryJson}, {@link io.hayloft.api.wire.FilerListingResponse},
 * {@link io.hayloft.api.wire.FilerWriteResponse}, {@link io.hayloft.api.wire.FilerStatusResponse}: the filer
 * writes them and {@code FilerClient} reads them. {@link io.hayloft.api.wire.HttpTransport} is the seam a
 * typed client of a role sends through (the JDK's client for applications and the shell, Vert.x inside
 * the servers): one request with a deadline, the answer's body streamed.
 *
 * <p>Between servers (master &lt;-&gt; volume server):
 * <pre>
 *   volume server                                   master
 *   POST /internal/node/id?address=ip:port  ---->   NodeIdResponse {nodeId}   (raft-committed sequence)
 *   POST /internal/heartbeat  Heartbeat     ---->   HeartbeatResponse {volumeSizeLimit, leader}
 *   &lt;---- POST /admin/volume/allocate?volume=&amp;collection=&amp;replication=&amp;ttl=   (growth)
 *   &lt;---- POST /admin/volume/delete?volume=                                  (collection delete)
 * </pre>
 *
 * <p>Between servers (master &lt;-&gt; filer server with {@code -store partitioned}):
 * <pre>
 *   filer server                                        master (leader)
 *   POST /internal/node/id?address=ip:raftPort   ---->  NodeIdResponse {nodeId}
 *   POST /internal/filer/heartbeat FilerHeartbeat ---->  FilerHeartbeatResponse {table: PartitionTable, leader, masters}
 *   shell: GET /filer/partition/list → PartitionListing; POST /filer/partition/move → PartitionMoveResponse
 * </pre>
 */
package io.hayloft.api.wire;
