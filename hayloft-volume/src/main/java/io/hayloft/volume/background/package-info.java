/**
 * The volume server's background loops: each runs a round of work (a scrub pass, a replica sync
 * round) on its own virtual thread, pausing an interval between rounds, until closed.
 *
 * <pre>
 *   start ─► wait interval (close cuts it short) ─► round (a failure is logged) ─► wait ─► ...
 * </pre>
 *
 * <p>Key type: {@link io.hayloft.volume.background.BackgroundLoop}, used by
 * {@code io.hayloft.volume.scrub.Scrubber} and {@code io.hayloft.volume.sync.ReplicaSync}.
 */
package io.hayloft.volume.background;
