package io.hayloft.volume.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decision table of replica sync ({@code docs/self-healing.md}, "Why it is safe"), as a pure
 * function from what this copy and its peers hold to the repairs. Per key {@code K}:
 *
 * <pre>
 * here                 peer                 verdict                    action
 * live                 absent, tombstone    this copy missed a delete  delete K here
 * live                 absent, no tombstone the peer missed the write  copy K to the peer
 * absent + tombstone   live                 the peer missed a delete   delete K on the peer
 * absent, no tombstone live                 this copy missed a write   copy K here from the peer
 * live, size s1        live, size s2 != s1  conflicting versions       counted, no action
 * </pre>
 *
 * With more than one peer the table is applied to every replica at once, which gives the same
 * result as pairwise for two replicas and never brings a deleted needle back for three or more:
 * <ul>
 *   <li>a tombstone anywhere wins: every live copy of {@code K} is deleted (a delete always follows
 *       the write it deletes; a replica lacking both is left alone);</li>
 *   <li>otherwise, live copies of different sizes are a conflict: nothing is done for {@code K};</li>
 *   <li>otherwise every replica lacking {@code K} gets it: this copy from the first peer (sorted)
 *       that has it, peers from this copy (after this copy got it).</li>
 * </ul>
 * Stateless.
 */
final class SyncDecision {
    private SyncDecision() {
    }

    /**
     * Decides the repairs for one comparison.
     *
     * @param here  this copy's entries of the compared buckets
     * @param peers each peer's entries of the same buckets, by {@code host:port}
     * @return the repairs and conflicts; empty when all agree
     */
    static SyncPlan decide(ReplicaEntries here, Map<String, ReplicaEntries> peers) {
        Map<String, ReplicaEntries> sorted = new TreeMap<>(peers);
        Set<Long> keys = new HashSet<>(here.live().keySet());
        keys.addAll(here.deleted());
        for (ReplicaEntries p : sorted.values()) {
            keys.addAll(p.live().keySet());
            keys.addAll(p.deleted());
        }
        List<SyncAction> actions = new ArrayList<>();
        List<Long> conflicts = new ArrayList<>();
        for (long key : keys) {
            decide(key, here, sorted, actions, conflicts);
        }
        return new SyncPlan(actions, conflicts);
    }

    private static void decide(long key, ReplicaEntries here, Map<String, ReplicaEntries> peers,
                               List<SyncAction> actions, List<Long> conflicts) {
        ReplicaEntries.Live mine = here.live().get(key);
        boolean tombstone = here.deleted().contains(key);
        Set<Integer> sizes = new HashSet<>();
        if (mine != null) {
            sizes.add(mine.size());
        }
        String firstHolder = null;
        for (Map.Entry<String, ReplicaEntries> p : peers.entrySet()) {
            tombstone |= p.getValue().deleted().contains(key);
            ReplicaEntries.Live theirs = p.getValue().live().get(key);
            if (theirs != null) {
                sizes.add(theirs.size());
                firstHolder = firstHolder == null ? p.getKey() : firstHolder;
            }
        }
        if (sizes.isEmpty()) {
            return; // deleted or absent everywhere
        }
        if (tombstone) {
            if (mine != null) {
                actions.add(SyncAction.deleteHere(key));
            }
            peers.forEach((peer, entries) -> {
                if (entries.live().containsKey(key)) {
                    actions.add(SyncAction.deleteOnPeer(key, peer));
                }
            });
            return;
        }
        if (sizes.size() > 1) {
            conflicts.add(key);
            return;
        }
        if (mine == null) {
            actions.add(SyncAction.copyHere(key, firstHolder));
        }
        peers.forEach((peer, entries) -> {
            if (!entries.live().containsKey(key)) {
                actions.add(SyncAction.copyToPeer(key, peer));
            }
        });
    }
}
