package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.ClusterView.VolumeView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The repair loop's memory of replica counts across passes: since when each volume has been
 * under-replicated without a break, and for how many consecutive passes each has been
 * over-replicated. Kept in the leader's memory only (a new leader starts afresh, after its warm-up).
 * Not thread-safe: the loop's thread owns it.
 */
final class ReplicaTracker {
    /** Passes a volume must be seen over-replicated before its surplus goes. */
    static final int OVER_PASSES = 2;

    private final Map<VolumeId, Instant> underSince = new HashMap<>();
    private final Map<VolumeId, Integer> overPasses = new HashMap<>();

    /** Records one pass's view at {@code now}; volumes back to their count are forgotten. */
    void observe(ClusterView view, Instant now) {
        Map<VolumeId, Instant> under = new HashMap<>();
        Map<VolumeId, Integer> over = new HashMap<>();
        for (VolumeView v : view.volumes()) {
            int have = v.replicas().size();
            if (have < v.copies()) {
                under.put(v.id(), underSince.getOrDefault(v.id(), now));
            } else if (have > v.copies()) {
                over.put(v.id(), overPasses.getOrDefault(v.id(), 0) + 1);
            }
        }
        underSince.clear();
        underSince.putAll(under);
        overPasses.clear();
        overPasses.putAll(over);
    }

    /**
     * Records a pass that looked only at the volumes {@code looked} ({@code view} holds those of them
     * that still have a replica) at {@code now}: the others keep what the tracker knew. Correct when
     * {@code looked} holds every volume that changed since the last pass and every volume tracked.
     */
    void observeOnly(ClusterView view, Set<VolumeId> looked, Instant now) {
        Map<VolumeId, Instant> under = new HashMap<>();
        Map<VolumeId, Integer> over = new HashMap<>();
        for (VolumeView v : view.volumes()) {
            int have = v.replicas().size();
            if (have < v.copies()) {
                under.put(v.id(), underSince.getOrDefault(v.id(), now));
            } else if (have > v.copies()) {
                over.put(v.id(), overPasses.getOrDefault(v.id(), 0) + 1);
            }
        }
        underSince.keySet().removeAll(looked);
        overPasses.keySet().removeAll(looked);
        underSince.putAll(under);
        overPasses.putAll(over);
    }

    /** The volumes under- or over-replicated at the last pass. */
    Set<VolumeId> tracked() {
        Set<VolumeId> ids = new HashSet<>(underSince.keySet());
        ids.addAll(overPasses.keySet());
        return ids;
    }

    /** True when {@code id} has been under-replicated continuously for at least {@code grace}. */
    boolean underDue(VolumeId id, Instant now, Duration grace) {
        Instant since = underSince.get(id);
        return since != null && !since.plus(grace).isAfter(now);
    }

    /** True when {@code id} has been over-replicated for {@link #OVER_PASSES} passes in a row. */
    boolean overDue(VolumeId id) {
        return overPasses.getOrDefault(id, 0) >= OVER_PASSES;
    }

    /** Volumes under-replicated at the last pass. */
    int underReplicated() {
        return underSince.size();
    }

    /** Since when each volume under-replicated at the last pass has been short, by id. */
    Map<VolumeId, Instant> underSince() {
        return Map.copyOf(underSince);
    }

    /** For how many passes in a row each volume over-replicated at the last pass has been, by id. */
    Map<VolumeId, Integer> overPasses() {
        return Map.copyOf(overPasses);
    }

    /** True when the last pass saw no volume under- or over-replicated. */
    boolean settled() {
        return underSince.isEmpty() && overPasses.isEmpty();
    }

    /** Forgets everything (leadership lost). */
    void clear() {
        underSince.clear();
        overPasses.clear();
    }
}
