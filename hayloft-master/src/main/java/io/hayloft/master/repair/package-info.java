/**
 * Replica maintenance on the leading master (see {@code docs/self-healing.md}): re-replication of
 * volumes that lost a replica, removal of surplus replicas, replica moves, balancing, and the
 * operator's mark and delete commands.
 *
 * <pre>
 *   the master's periodic loop (every pulse) ─► ReplicationRepair.pass()
 *       ClusterView.of(topology) ─► ReplicaTracker (grace, pulses) ─► RepairPlanner ─► RepairPlan
 *           PlacementRules.extend  choose targets      PlacementRules.fits  choose surplus to remove
 *       surplus ─► VolumeServerAdmin.delete ─► Topology.dropReplica
 *       copies  ─► CopySlots (concurrency, one per target) ─► Topology.holdWrites
 *                  ─► ReplicaCopier: reserve slot, copy, await heartbeat, sync
 *   /vol/move    ─► VolumeMover: check, busy, hold writes, ReplicaCopier, delete source
 *   /vol/balance ─► VolumeBalancer: plan on a ClusterView, VolumeMover one move at a time
 *   /vol/mark, /vol/delete ─► VolumeCommands
 * </pre>
 *
 * <p>Key types: {@link io.hayloft.master.repair.ClusterView} (an immutable topology snapshot: the
 * planners are pure functions of it), {@link io.hayloft.master.repair.RepairPlanner},
 * {@link io.hayloft.master.repair.ReplicationRepair}, {@link io.hayloft.master.repair.VolumeMover},
 * {@link io.hayloft.master.repair.VolumeBalancer}, {@link io.hayloft.master.repair.BusyVolumes}
 * (volumes a copy or move works on: the automatic pass skips them) and
 * {@link io.hayloft.master.repair.RepairMetrics}. What the loop remembers (since when a volume is
 * under-replicated) lives in the leader's memory, not in Raft: a new leader waits the dead-node
 * timeout, then counts the grace afresh.
 */
package io.hayloft.master.repair;
