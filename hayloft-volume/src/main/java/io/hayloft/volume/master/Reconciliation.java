package io.hayloft.volume.master;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this volume server and a master disagree on after a heartbeat (seed 002's registration
 * check): volumes the master believes this node holds but it does not ({@code missing}: lost disk,
 * deleted file) and volumes it holds that the master did not know on this node ({@code unexpected}:
 * a restored or copied volume). Both empty when they agree.
 *
 * @param master     the master whose belief was compared
 * @param missing    volume ids the master expects and this node lacks, ascending
 * @param unexpected volume ids this node holds and the master did not expect, ascending
 */
public record Reconciliation(String master, List<Integer> missing, List<Integer> unexpected) {
    public Reconciliation {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /**
     * Compares the master's belief with this node's volumes.
     *
     * @param expected what the master believed this node held before the beat
     * @param reported what the beat reported
     * @param heldNow  what the store holds now (a volume allocated during the beat counts as held)
     * @param reportedBefore what the previous answered beat reported: a volume first reported by
     *                       this beat (allocated since) may not be in the master's books yet, so it
     *                       is never unexpected
     */
    public static Reconciliation compare(String master, Collection<Integer> expected, Collection<Integer> reported,
                                         Collection<Integer> heldNow, Collection<Integer> reportedBefore) {
        Set<Integer> missing = new TreeSet<>(expected);
        missing.removeAll(heldNow);
        missing.removeAll(reported);
        Set<Integer> unexpected = new TreeSet<>(reported);
        unexpected.retainAll(heldNow);
        unexpected.retainAll(reportedBefore);
        unexpected.removeAll(expected);
        return new Reconciliation(master, List.copyOf(missing), List.copyOf(unexpected));
    }

    /** True when the master and this node agree. */
    public boolean agrees() {
        return missing.isEmpty() && unexpected.isEmpty();
    }
}
