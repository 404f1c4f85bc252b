/**
 * Creating and deleting volumes on volume servers: {@link io.hayloft.master.growth.VolumeGrowth}
 * (reserve slots, take a volume id, allocate on each node, register), its inverse
 * {@link io.hayloft.master.growth.CollectionDeletion}, and the ports they use:
 * {@link io.hayloft.master.growth.VolumeIdSource} (Raft) and
 * {@link io.hayloft.master.growth.VolumeServerAdmin} (HTTP in production, fakes in tests; it also
 * carries the copy, sync and mark calls of {@code io.hayloft.master.repair}).
 *
 * <p>Topology after a failover: volume servers heartbeat to every master, so each master keeps
 * its own topology and a follower knows every volume before it is elected. A master that joined
 * the group recently has not heard from everyone yet, so
 * {@link io.hayloft.master.growth.GrowthWarmup} holds its growth back (503 with Retry-After) for
 * 1.5 pulses after its start; assignments to volumes it already knows are not held back, as they
 * cannot create a duplicate volume. Volume ids always come from Raft, so even a volume grown
 * beside an unknown one never reuses an id.
 *
 * <pre>
 *   grow(key, n) ─► for each volume: topology.reserve ─► ids.nextVolumeId ─► admin.allocate × copies
 *                                     ─► topology.commitGrowth   (release on failure)
 * </pre>
 */
package io.hayloft.master.growth;
