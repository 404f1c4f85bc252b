/**
 * Replication fan-out: a write or delete is acknowledged only when every replica of its volume has it,
 * and every replica holds the same bytes: the writing server stamps the change once as its {@code .dat}
 * record ({@link io.hayloft.storage.NeedleRecord}) and each peer appends that record as it is.
 *
 * <pre>
 *   client ─► volume server A ─► ReplicaLocator (cached /dir/lookup) ─► [B, C]
 *                 │ record = volume.recordOf(needle)  (append time set here, once)
 *                 │ journal W fid B,C
 *                 ├─► RecordBatcher ─► POST B/internal/needle/batch?volume= ─┐
 *                 ├─► RecordBatcher ─► POST C/internal/needle/batch?volume= ─┤ in parallel
 *                 └─► volume.appendRecord(record)  (local)           ─┘
 *                 all ok ─► journal C fid ─► 201      any failed ─► delete on A and landed peers ─► error naming the replica
 * </pre>
 * A small upload whose replicas are cached runs all of it from the event loop
 * ({@link io.hayloft.volume.replication.ReplicatedWriter#tryWriteReplicated}); the rest on a virtual thread.
 * {@link io.hayloft.volume.replication.RecordBatcher} puts the records of concurrent writes to one peer and
 * volume into one call (at most two in flight per lane; what queues meanwhile goes in the next);
 * a record goes alone (tombstones, large records, repairs) through
 * {@link io.hayloft.volume.transfer.VolumePeerClient#replicate}, the one client of volume-to-volume calls,
 * which also sends the batches and reads another replica's copy ({@code ReplicaReader}).
 *
 * <h2>Divergence repair</h2>
 * The hard case is a replica that stored the needle but died before it answered: the writer rolls
 * back and cannot delete the copy on the dead peer. Every replicated change is therefore journaled
 * on the writing server ({@link io.hayloft.volume.replication.ReplicationJournal}, an append-only
 * {@code replication.journal} in the node meta dir): {@code W fid peers} before the local change,
 * {@code C fid} once every replica agrees. An entry left open is a pending repair
 * ({@link io.hayloft.volume.replication.ReplicaRepair}) that makes each peer agree with the
 * writer's local copy: the needle's record (its append time kept) is sent again if this server holds
 * it, a tombstone otherwise (404 is done). Repairs are retried every pulse until the peer answers, and resumed after a restart, which
 * also covers the writer itself dying between its local append and the fan-out (the needle is then
 * rolled forward to the peers). A client never saw an acknowledgement for such a needle, and the
 * dead peer's volumes take no writes meanwhile (the master counts too few replicas). A rewrite of
 * the same fid through this server supersedes its pending repair; a rewrite of the same fid through
 * another replica while a repair is in flight is not ordered with it (clients re-assign after a
 * failure, so fids are not reused).
 * {@link io.hayloft.volume.replication.ReplicaReader} serves a needle from a good replica when the
 * local copy fails its CRC. Key types: {@link io.hayloft.volume.replication.ReplicatedWriter},
 * {@link io.hayloft.volume.replication.ReplicaLocator}.
 */
package io.hayloft.volume.replication;
