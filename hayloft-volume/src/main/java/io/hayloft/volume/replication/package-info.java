/**
 * Replication fan-out: a write or delete is acknowledged only when every replica of its volume has it.
 *
 * <pre>
 *   client ─► volume server A ─► ReplicaLocator (cached /dir/lookup) ─► [B, C]
 *                 │ local write
 *                 ├─► POST B/fid?type=replicate ─┐ parallel
 *                 └─► POST C/fid?type=replicate ─┘
 *                 all ok ─► 201      any failed ─► delete on A and landed peers ─► 500 naming the replica
 * </pre>
 * {@link io.hayloft.volume.replication.ReplicaReader} serves a needle from a good replica when the
 * local copy fails its CRC. Key types: {@link io.hayloft.volume.replication.ReplicatedWriter},
 * {@link io.hayloft.volume.replication.ReplicaLocator}.
 */
package io.hayloft.volume.replication;
