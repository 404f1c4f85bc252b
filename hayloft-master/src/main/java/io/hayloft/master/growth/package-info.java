/**
 * Creating and deleting volumes on volume servers: {@link io.hayloft.master.growth.VolumeGrowth}
 * (reserve slots, take a volume id, allocate on each node, register), its inverse
 * {@link io.hayloft.master.growth.CollectionDeletion}, and the ports they use:
 * {@link io.hayloft.master.growth.VolumeIdSource} (Raft) and
 * {@link io.hayloft.master.growth.VolumeServerAdmin} (HTTP in production, fakes in tests).
 *
 * <pre>
 *   grow(key, n) ─► for each volume: topology.reserve ─► ids.nextVolumeId ─► admin.allocate × copies
 *                                     ─► topology.commitGrowth   (release on failure)
 * </pre>
 */
package io.hayloft.master.growth;
