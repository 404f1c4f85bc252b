/**
 * The master's HTTP API on the shared Vert.x foundation: thin handlers over the services in
 * {@link io.hayloft.master.http.MasterContext}, routed by {@link io.hayloft.master.http.MasterRouter}.
 *
 * <pre>
 *   /dir/assign, /dir/lookup, GET /&lt;fid&gt;   DirectoryHandlers   (assign: 406 on bad values or no space)
 *   /submit                                SubmitHandler       (assign + forward body to the volume server)
 *   /dir/status, /vol/status, /cluster/status  StatusHandlers (StatusViews: SeaweedFS field names)
 *   /vol/grow, /col/delete                 AdminHandlers
 *   /internal/heartbeat, /internal/node/id InternalHandlers   (volume server protocol)
 *   /metrics                               Metrics + MasterMetrics gauges
 * </pre>
 * Leader-only calls check {@link io.hayloft.master.raft.Leadership}; a follower answers 503 with
 * Retry-After naming the leader, which it knows from the Raft group.
 */
package io.hayloft.master.http;
