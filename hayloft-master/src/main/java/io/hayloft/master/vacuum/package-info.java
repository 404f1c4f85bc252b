/**
 * Vacuum orchestration: the leader finds volumes whose garbage ratio (deleted bytes over size, as
 * heartbeats report them) passes the threshold and has every replica compact them.
 *
 * <pre>
 *   /vol/vacuum or the master's periodic loop (every -vacuumInterval, leader only: scheduledPass)
 *     ─► MasterVacuum.runPass(threshold, collection)
 *          for each candidate volume, one at a time:
 *            Topology.withholdWrites(id, true)          no assignment while compacting
 *            ReplicaVacuum.vacuum(node, id)  ×replicas  in parallel, virtual threads
 *            all ok ─► withholdWrites(id, false)        writable again
 *            a failure ─► stays withheld (read-only for assignment), retried by the next pass
 * </pre>
 *
 * <p>Key types: {@link io.hayloft.master.vacuum.MasterVacuum} (one pass),
 * {@link io.hayloft.master.vacuum.ReplicaVacuum} (implemented by {@code io.hayloft.master.volumes.VolumeServerClient})
 * (the call to a volume server, {@code POST /admin/volume/vacuum?volume=N}),
 * {@link io.hayloft.master.vacuum.VacuumOutcome} (one volume's result),
 * {@link io.hayloft.master.vacuum.VacuumMetrics} ({@code hayloft_master_vacuum_*}).
 * Writes already assigned keep arriving during a compaction: the volume server keeps them (see
 * {@code io.hayloft.storage.Volume#compact()}). Which volumes a failure withholds lives in the
 * leader's memory only: a new leader starts with every volume writable and vacuums again.
 */
package io.hayloft.master.vacuum;
