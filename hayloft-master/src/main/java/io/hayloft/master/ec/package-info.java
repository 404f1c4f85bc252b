/**
 * Erasure-coded volumes as the master runs them: encoding a replicated volume into RS(10,4) shards
 * spread over servers ({@link io.hayloft.master.ec.EcEncoding}, {@code POST /vol/ec/encode}), where
 * shards go ({@link io.hayloft.master.ec.EcPlacement}: at most 4 of a volume on a server, and on a rack
 * when the cluster has 4 racks or more), and finding and rebuilding lost shards
 * ({@link io.hayloft.master.ec.EcRebuilding}, {@code POST /vol/ec/rebuild}), compacting them with shard
 * generations ({@link io.hayloft.master.ec.EcCompaction}, {@code POST /vol/ec/compact}), and spreading shards evenly
 * ({@link io.hayloft.master.ec.EcBalancing} over the pure planner {@link io.hayloft.master.ec.EcShardBalance},
 * {@code POST /vol/ec/balance}). The calls to volume servers
 * go through {@link io.hayloft.master.ec.EcShardAdmin}; where shards are is the topology's shard map,
 * fed by heartbeats.
 *
 * <pre>
 *   ec.encode ─► EcEncoding ─► plan ─► seal replicas ─► encode on one ─► copy to targets ─► drop extras
 *                          ─► await heartbeats (registered) ─► delete the replicated volume
 *   ec.rebuild ─► EcRebuilding ─► per volume: lost shards ─► plan ─► rebuild on targets ─► await heartbeats
 *   ec.balance ─► EcBalancing ─► EcShardBalance moves ─► per (volume, from, to): target copies ─► await its
 *                heartbeat ─► source drops them
 *   ec.compact ─► EcCompaction ─► holders' status ─► compactor writes generation g+1 (live needles) ─► holders copy
 *                their shards of it ─► every holder commits g+1 ─► status says g+1 ─► g dropped everywhere
 *                (EcAutoCompact: the same by garbage ratio, in the vacuum loop)
 * </pre>
 */
package io.hayloft.master.ec;
