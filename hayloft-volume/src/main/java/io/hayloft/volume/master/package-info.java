/**
 * The volume server's side of the master protocol (see {@link io.hayloft.api.wire}).
 *
 * <pre>
 *   HeartbeatLoop ──every pulse──► MasterClient ──► leader first, then each master in order
 *        │   no node id yet?  POST /internal/node/id ──► NodeIdFile (atomic write)
 *        └── POST /internal/heartbeat {volumes...} ◄── {volumeSizeLimit, leader} ──► Store.applySizeLimit
 * </pre>
 * {@link io.hayloft.volume.master.MasterClient} also serves {@code /dir/lookup} for replication.
 * {@link io.hayloft.volume.master.NodeAddress} is how the server presents itself.
 */
package io.hayloft.volume.master;
