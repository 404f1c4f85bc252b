/**
 * The filer's metadata on Raft partitions (issue 12): the namespace split by top-level directory into
 * partitions, each a Raft group of three replicas on distinct filer servers whose state machine applies
 * the filer's writes to a RocksDB.
 *
 * <pre>
 *   Namespace ──► PartitionedFilerStore (FilerStore, TreeOperations)
 *                   │ PartitionMap: path ─(top-level name, CRC32C)─► partition
 *                   ▼
 *                 PartitionClient ──► leader replica: in process when it is this filer server's
 *                   (LocalReplicas), else a Ratis client of the group
 *                   writes: PartitionCommand + RequestId (ForwardedWrites when forwarded)
 *                   reads:  PartitionQuery (ReadIndex; opt-in PartitionReads.FOLLOWER: the local replica)
 *                   ▼
 *   PartitionServer (one RaftServer per filer server, many groups)
 *     └─ PartitionStateMachine per group: RocksFilerStore (replica mode) + Namespace rules,
 *        Conditions checked when applied, snapshots = RocksDB checkpoints (SnapshotArchive)
 *        └─ LeaderGroupCommit (while leading): every filer server's writes ─► one Requests entry in
 *           flight; RecentRequests: applied ids and replies, so a write sent again is not applied twice
 * </pre>
 *
 * <ul>
 *   <li>{@link io.hayloft.filer.partition.PartitionMap}: partitions, their replicas, path routing.</li>
 *   <li>{@link io.hayloft.filer.partition.PartitionServer}: a filer server's Raft server.</li>
 *   <li>{@link io.hayloft.filer.partition.PartitionMember}: a filer server's membership with the master
 *       (node id, heartbeats, the master's partition table → replicas hosted, rejoined, dropped; routing).</li>
 *   <li>{@link io.hayloft.filer.partition.PartitionStateMachine}: one replica.</li>
 *   <li>{@link io.hayloft.filer.partition.PartitionCommand}, {@link io.hayloft.filer.partition.PartitionReply},
 *       {@code PartitionQuery}, {@link io.hayloft.filer.partition.Condition}: what travels.</li>
 *   <li>{@link io.hayloft.filer.partition.PartitionedFilerStore}: the store the filer uses.</li>
 *   <li>{@code LeaderGroupCommit}, {@code RecentRequests}, {@code RequestId}, {@code ForwardedWrites}: the
 *       leader's group commit of every filer server's writes, applied at most once.</li>
 * </ul>
 */
package io.hayloft.filer.partition;
