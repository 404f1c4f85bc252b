/**
 * Erasure-coded volumes on a volume server: their shards spread over servers, read, deleted from,
 * copied and rebuilt.
 *
 * <pre>
 *   GET /&lt;fid&gt; ─► EcMount.read ─► EcVolume (storage) ─► ClusterShards ─┬─► LocalShards (shards held here)
 *                                                                     └─► RemoteShards ─► GET /internal/ec/shard
 *                                                                           (ShardLocator: /dir/lookup ecShards)
 *   DELETE /&lt;fid&gt; ─► EcNeedleDeletes ─► .ecj here ─► POST /internal/ec/delete on every other holder
 *   POST /admin/ec/encode ─► EcVolumes.encode (EcEncoder beside the sealed volume, all 14 shards here)
 *   POST /admin/ec/copy | rebuild ─► EcShardCopier ─► GET /admin/ec/file from the source, verify, install
 *   POST /admin/ec/compact ─► EcVolumes.compact (EcCompactor: generation g+1 from the live needles, staged)
 *   POST /admin/ec/commit ─► EcVolumes.commit (deletes carried over, .ecg written, g retired: EcMount.retire)
 * </pre>
 * Each volume is served in one generation of its shards (compaction writes the next one beside it); peers'
 * shard reads name the generation, and a server keeps a staged or retired one until it is dropped.
 * <ul>
 *   <li>{@link io.hayloft.volume.ec.EcVolumes}: the registry, mounted from the {@code .ecm} files at start;</li>
 *   <li>{@link io.hayloft.volume.ec.EcMount}: one volume, its index, journal and the shards held here;</li>
 *   <li>{@link io.hayloft.volume.ec.RemoteShards} and {@link io.hayloft.volume.ec.ShardLocator}: shard bytes
 *       from the other holders over the server's Vert.x peer client, each read under a deadline;</li>
 *   <li>{@link io.hayloft.volume.ec.EcShardCopier}: shard copies (checked block by block) and rebuilds;</li>
 *   <li>{@link io.hayloft.volume.ec.EcNeedleDeletes}: deletes journaled on every holder.</li>
 * </ul>
 * Heartbeats report the shards held ({@code EcShardReport}); the master's topology keeps the shard map.
 */
package io.hayloft.volume.ec;
