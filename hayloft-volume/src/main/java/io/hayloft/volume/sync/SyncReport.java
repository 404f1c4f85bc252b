package io.hayloft.volume.sync;

import java.util.List;

/**
 * What one sync of a volume found and did, the answer of {@code POST /admin/volume/sync}. Counts
 * are of differences seen in both comparisons (see {@link ReplicaSync}).
 *
 * @param volume         the volume id
 * @param peers          the other replicas compared with ({@code host:port}), sorted
 * @param inSync         true when no difference was seen in both comparisons
 * @param missingHere    needles a peer has live and this copy lacks (no tombstone anywhere)
 * @param missingOnPeers the reverse, summed over peers
 * @param deleteHere     needles live here that a replica deleted
 * @param deleteOnPeers  needles live on peers that another replica deleted, summed over peers
 * @param conflicts      keys live on several replicas with different sizes (never acted on)
 * @param repaired       repair actions that succeeded (0 without {@code apply})
 * @param applied        true when repairs were attempted
 */
public record SyncReport(int volume, List<String> peers, boolean inSync, long missingHere, long missingOnPeers,
                         long deleteHere, long deleteOnPeers, long conflicts, long repaired, boolean applied) {
    public SyncReport {
        peers = List.copyOf(peers);
    }
}
