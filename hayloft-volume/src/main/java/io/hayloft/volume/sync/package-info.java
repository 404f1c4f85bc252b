/**
 * Replica sync (anti-entropy): volume servers compare their replicas of a volume and repair the
 * differences themselves, as {@code docs/self-healing.md} specifies.
 *
 * <pre>
 *   every -syncIntervalSeconds, per volume this server coordinates (copies &gt; 1, lookup lists
 *   exactly the copies, this server sorts first), or now via POST /admin/volume/sync:
 *
 *   ReplicaSync ─► compare ─► VolumeDigest here vs each peer's  (GET /admin/volume/sync/digest)
 *                          └► differing buckets: LocalEntries here, SyncPeer.entries there
 *                                                               (GET /admin/volume/sync/entries)
 *                          └► SyncDecision.decide ─► SyncPlan
 *               ─► settle period ─► compare again ─► SyncPlan.intersect (act only on what both saw)
 *               ─► repairs: Volume.repairDelete | GET needle ─► Volume.repair
 *                           | DELETE peer needle | Volume.readStored ─► POST peer needle
 * </pre>
 *
 * <p>Key types: {@link io.hayloft.volume.sync.ReplicaSync} (the coordinator and background loop),
 * {@link io.hayloft.volume.sync.SyncRoutes} (the endpoints), {@link io.hayloft.volume.sync.SyncConfig},
 * {@link io.hayloft.volume.sync.SyncReport}; package-private {@code SyncDecision} (the decision
 * table, pure), {@code SyncPlan}, {@code SyncAction}, {@code ReplicaEntries}, {@code LocalEntries},
 * {@code SyncPeer} (the client side of the endpoints, over {@code transfer.VolumePeerClient}),
 * {@code transfer.SyncWire} (JSON bodies),
 * {@code SyncMetrics} ({@code hayloft_volume_sync_*} on {@code /metrics}). A record body is read by
 * {@link io.hayloft.volume.transfer.LimitedBody}, as uploads are.
 */
package io.hayloft.volume.sync;
