/**
 * The cluster as the master sees it: {@link io.hayloft.master.topology.DataCenter} ▸
 * {@link io.hayloft.master.topology.Rack} ▸ {@link io.hayloft.master.topology.DataNode}, built
 * from heartbeats, and one {@link io.hayloft.master.topology.VolumeLayout} per
 * {@link io.hayloft.master.topology.LayoutKey} (collection, replication, TTL) saying where each
 * volume is and whether it is writable.
 *
 * <p>{@link io.hayloft.master.topology.Topology} owns all of it behind one lock; the placement
 * algorithm ({@code ReplicaPlacer}) runs under that lock and reserves slots
 * ({@link io.hayloft.master.topology.SlotReservation}) so concurrent growths cannot oversubscribe
 * a node. {@link io.hayloft.master.topology.NodeReaper} drops silent nodes.
 *
 * <pre>
 *   heartbeat ─► Topology.heartbeat ─► node refreshed, volumes (re)registered in their layouts,
 *                                      unreported volumes dropped
 *   reaper ───► Topology.removeDeadNodes (clock) ─► node and its locations removed
 *   growth ───► reserve ─► (allocate on nodes) ─► commitGrowth | release
 *   repair ───► holdWrites (WriteHold) ─► reserveSlot ─► (copy) ─► awaitReplica ─► release
 *               dropReplica after a delete (io.hayloft.master.repair)
 * </pre>
 */
package io.hayloft.master.topology;
