/**
 * The master's HTTP API on the shared Vert.x foundation: thin handlers over the services in
 * {@link io.hayloft.master.http.MasterContext}, routed by {@link io.hayloft.master.http.MasterRouter}.
 *
 * <pre>
 *   /dir/assign, /dir/lookup, GET /&lt;fid&gt;   DirectoryHandlers   (assign: 406 on bad values or no space)
 *   /submit                                SubmitHandler       (assign + forward body to the volume server)
 *   /dir/status, /vol/status, /cluster/status  StatusHandlers (StatusViews: SeaweedFS field names)
 *   /vol/grow, /col/delete                 AdminHandlers
 *   /vol/vacuum                            VacuumHandler
 *   /vol/fix/replication, /vol/balance, /vol/move, /vol/mark, /vol/delete, /col/list
 *                                          MaintenanceHandlers (io.hayloft.master.repair)
 *   /internal/heartbeat, /internal/node/id InternalHandlers   (volume server protocol)
 *   /metrics                               Metrics + MasterMetrics gauges
 * </pre>
 * Every master answers every call. Leader-only calls (assign, submit, grow, collection delete,
 * node id) go through {@link io.hayloft.master.http.LeaderProxy}: a follower forwards them to the
 * leader it knows from the Raft group (one hop, marked {@code X-Hayloft-Forwarded-By}) and passes
 * the answer back; with no leader yet it answers 503 with Retry-After. Lookups, the fid redirect,
 * the status pages and heartbeats are served locally: volume servers heartbeat to every master,
 * so each keeps its own topology. {@code /cluster/status} adds this master's Raft view
 * ({@link io.hayloft.master.raft.RaftStatus}: role, term, applied index, members).
 */
package io.hayloft.master.http;
