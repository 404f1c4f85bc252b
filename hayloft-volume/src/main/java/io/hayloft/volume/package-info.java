/**
 * The Hayloft volume server: needles in volumes on local disks, served and replicated over HTTP.
 *
 * <pre>
 *   VolumeServer.start(config)
 *     ├─ store.Store.load(dirs)            every *.dat of every dir, opened in parallel
 *     ├─ http.VolumeRoutes ─► HttpServerHandle          POST/GET/HEAD/DELETE /&lt;fid&gt;, /status, /admin/...
 *     │        └─ replication.ReplicatedWriter ─► peers   (strong consistency, rollback on failure)
 *     │              └─ replication.ReplicaRepair   journaled; repairs replicas a change reached in part
 *     │        ├─ copy.VolumeCopier / copy.CopySender   whole-volume copies between servers
 *     │        │        (throttle.ByteRateThrottle caps their rate, and the scrub's)
 *     │        └─ sync.SyncRoutes                      digests, entries, needle records
 *     ├─ sync.ReplicaSync     background: compare replicas by digest, repair by the .idx tombstones
 *     ├─ scrub.Scrubber       background: CRC of every needle, rewrite corrupt ones from a replica
 *     └─ master.HeartbeatLoop ─► master    node id, heartbeat, volume size limit, expired TTL volumes
 *                                          (read-only at once, deleted after the grace period)
 * </pre>
 * Key types: {@link io.hayloft.volume.VolumeServer} (the entry point used by the CLI) and
 * {@link io.hayloft.volume.VolumeServerConfig} (typed settings with units).
 */
package io.hayloft.volume;
