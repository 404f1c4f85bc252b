/**
 * {@code hayloft simulate cluster}: a real master group (1 or 3 {@code hayloft master} processes, real
 * Ratis, real HTTP) under thousands of synthetic volume servers held in this JVM, a load generator and
 * scripted failures, measured from outside the masters.
 *
 * <pre>
 *   SyntheticLayout ─► SyntheticServer × N (volumes, HeartbeatDeltas)
 *        │                     │  register (/internal/node/id), heartbeat every pulse to every master
 *        ▼                     ▼  (HeartbeatDriver, one Vert.x client)
 *   MasterGroup ◄──────── real HTTP ───────── LoadGenerator (/dir/assign, /dir/lookup; LatencySample)
 *   (processes)  ─── admin calls ──► AdminEndpoint (one port; the Host header names the server)
 *        ▲
 *   EventScript (kill servers, a rack, the leader; revive) ─► DeathWatch (detection, re-replication)
 *   ClusterSimulation: runs it all, samples every interval ─► SimulationReport (table and JSON)
 * </pre>
 *
 * <p>The synthetic servers are named {@code vs-N.sim}; the master processes resolve those names to
 * 127.0.0.1 through a hosts file of their own ({@code -Djdk.net.hosts.file}, with Vert.x's resolver
 * off), so every admin call the master makes reaches the simulator's single {@link AdminEndpoint},
 * which tells the servers apart by the {@code Host} header. The masters run unchanged code; what is
 * measured about them (heap after a forced GC, RSS, CPU, Raft files) is read from their processes.
 */
package io.hayloft.cli.simulate.cluster;
