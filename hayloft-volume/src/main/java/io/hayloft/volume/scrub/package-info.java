/**
 * Background scrub: each volume server re-reads every live needle of every volume, verifying its
 * CRC and that the {@code .dat} record matches its {@code .idx} entry, and rewrites a corrupt one
 * from a good replica; then checks every block of every erasure-coded shard held here against its
 * checksum and rebuilds a bad one from the other shards.
 *
 * <pre>
 *   every {@link io.hayloft.volume.scrub.ScrubConfig#interval()}:
 *   Scrubber ─► for each volume: IndexWalk (.idx entries, in order) ─► ByteRateThrottle (-scrubMBps)
 *            ─► Volume.read(key) ── ok / NOT_FOUND (deleted, other cookie) ─► next
 *                              └─ CORRUPT ─► NeedleRepair: ReplicaReader (peer, ?type=replicate)
 *                                                         ─► Volume.write (same key and cookie
 *                                                            supersedes the bad record) ─► re-read
 *            ─► for each EcMount: ShardScrub ─► block CRC-32C vs .ecm ── ok ─► next
 *                                                                  └─ bad ─► EcShardRebuilder.repairBlock
 *                                            (ten good blocks of the others, here or fetched) ─► write in place
 * </pre>
 *
 * <p>Key types: {@link io.hayloft.volume.scrub.Scrubber} (the loop and one pass),
 * {@link io.hayloft.volume.scrub.ScrubConfig} (rate and period, with units),
 * {@link io.hayloft.volume.scrub.ScrubReport} (what a pass found),
 * {@link io.hayloft.volume.scrub.NeedleRepair}, package-private {@code ShardScrub},
 * {@link io.hayloft.volume.scrub.ScrubMetrics}
 * ({@code hayloft_volume_scrub_*} on {@code /metrics}); package-private {@code IndexWalk}; the rate is kept by
 * {@link io.hayloft.volume.throttle.ByteRateThrottle}.
 */
package io.hayloft.volume.scrub;
