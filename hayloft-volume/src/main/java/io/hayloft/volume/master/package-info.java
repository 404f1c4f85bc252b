/**
 * The volume server's side of the master protocol (see {@link io.hayloft.api.wire}).
 *
 * <pre>
 *   HeartbeatLoop ──every pulse──► MasterClient
 *        │   no node id yet?  POST /internal/node/id ──► shared failover: leader first, hints followed
 *        │                                          ──► NodeIdFile (atomic write)
 *        └── POST /internal/heartbeat {volumes...} ──► EVERY master in parallel
 *                 ◄── {volumeSizeLimit, leader} (the leader's answer preferred) ──► Store.applySizeLimit
 * </pre>
 * Heartbeats fan out to every master so that each keeps its own topology: followers serve
 * lookups locally, and a newly elected leader already knows every volume before it grows any.
 * {@link io.hayloft.volume.master.MasterClient} also serves {@code /dir/lookup} for replication. It
 * is a thin role-specific wrapper over hayloft-client's {@link io.hayloft.client.MasterClient}, the
 * one master client of every role: requests come from {@code MasterApi}, failover is its policy;
 * only the parallel heartbeat fan-out is the volume server's own.
 * {@link io.hayloft.volume.master.NodeAddress} is how the server presents itself. What a beat carries
 * comes from {@link io.hayloft.volume.master.HeartbeatDeltas}: a full report first, numbered deltas after,
 * a full report again when a master asks (at once) and every 60 beats.
 */
package io.hayloft.volume.master;
