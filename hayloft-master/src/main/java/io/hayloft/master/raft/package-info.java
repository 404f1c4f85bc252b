/**
 * The master's replicated state on Apache Ratis: max volume id, the needle-key ceiling (keys are
 * reserved in blocks, one log entry per block) and the node-id sequence.
 *
 * <p>Key types: {@link io.hayloft.master.raft.MasterRaft} (server + client, leader-only writes,
 * local reads), {@link io.hayloft.master.raft.MasterStateMachine} (apply, snapshot, restore),
 * {@link io.hayloft.master.raft.MasterState} and {@link io.hayloft.master.raft.MasterCommand}
 * (the byte formats), {@link io.hayloft.master.raft.RaftPeers} (ids and addresses from the master
 * list: founding vs joining), {@link io.hayloft.master.raft.RaftMembership} (run-time add/remove via
 * Ratis {@code setConfiguration}; members and their HTTP addresses always come from the current
 * configuration, peer id = {@code host_port}), {@link io.hayloft.master.raft.HostPort},
 * {@link io.hayloft.master.raft.Leadership},
 * {@link io.hayloft.master.raft.RaftStatus} (role, term, applied index and members, for
 * {@code /cluster/status}).
 *
 * <p>A master alone elects itself before {@code start} returns; a member of a group returns at
 * once and elects with its peers in the background (1–2 s election timeouts), so masters can be
 * started in any order. Only the leader writes; a key block belongs to the term it was reserved
 * in, so a new leader (or an old one re-elected) reserves above the committed ceiling.
 *
 * <pre>
 *   write(cmd) ─► RaftClient ─► leader log ─► commit ─► MasterStateMachine.apply ─► reply (long)
 *   every N entries: takeSnapshot (32-byte file) ─► log purged up to the snapshot index
 *   restart: load latest snapshot ─► replay only the log tail
 *   join:    new master starts with an empty conf ─► POST /cluster/raft/add on a running master
 *            ─► leader setConfiguration(current + new) ─► catch-up ─► new conf committed
 * </pre>
 */
package io.hayloft.master.raft;
