/**
 * The filer partition map the master owns (issue 12): filer servers in partitioned mode register here,
 * the leader places each partition's replicas on distinct filer servers (distinct racks where there
 * are), records the leaders they report, re-creates the replicas of a server silent longer than the
 * grace period on another one, and moves replicas on request.
 *
 * <pre>
 *   filer server ── POST /internal/filer/heartbeat ──► FilerPartitionKeeper ──► FilerServerTracker (soft: last beat, reports)
 *        ▲                                               │ PartitionPlacer (pure: where replicas go)
 *        └──── FilerHeartbeatResponse (the table) ◄──────┤ PartitionTableStore ─► MasterRaft (PUT_FILER_PARTITIONS, CAS)
 *                                                        └ PartitionReplicaChanger ─► the partition's Raft group
 *                                                            (add on target, setConfiguration, remove from source)
 * </pre>
 *
 * <ul>
 *   <li>{@link io.hayloft.master.filer.FilerPartitionKeeper}: the service the HTTP handlers and the repair loop call.</li>
 *   <li>{@link io.hayloft.master.filer.PartitionPlacer}: placement, pure.</li>
 *   <li>{@link io.hayloft.master.filer.RatisPartitionReplicas}: the membership change of one replica move.</li>
 * </ul>
 */
package io.hayloft.master.filer;
