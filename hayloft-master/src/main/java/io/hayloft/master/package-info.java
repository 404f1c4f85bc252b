/**
 * The Hayloft master: owns the topology, places and grows volumes, hands out file ids, and keeps
 * its durable counters in an Apache Ratis group.
 *
 * <p>Key types: {@link io.hayloft.master.MasterServer} (start/close a master),
 * {@link io.hayloft.master.MasterConfig} (typed configuration with an injected clock),
 * {@link io.hayloft.http.BackgroundLoop}s (the trigger of the leader's vacuum and replica repair passes).
 *
 * <pre>
 *   volume servers ──heartbeat──► http ──► topology (DC ▸ rack ▸ node, layouts)
 *   clients ──/dir/assign──► http ──► assign ──► growth ──► volume servers (allocate)
 *                                       │            └──► raft (volume id)
 *                                       └──► sequence ──► raft (key blocks)
 * </pre>
 */
package io.hayloft.master;
