package io.hayloft.volume.sync;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The differences one comparison found: the repairs to make and the conflicting keys (left alone).
 * Immutable; actions are kept in execution order (by kind as {@link SyncAction.Kind} lists them,
 * then by unsigned key, then by peer).
 *
 * @param actions   repairs, without duplicates
 * @param conflicts keys live on several replicas with different sizes, ascending unsigned
 */
record SyncPlan(List<SyncAction> actions, List<Long> conflicts) {
    private static final Comparator<SyncAction> ORDER = Comparator.comparing(SyncAction::kind)
            .thenComparing(SyncAction::key, Long::compareUnsigned)
            .thenComparing(a -> a.peer() == null ? "" : a.peer());
    /** No difference. */
    static final SyncPlan EMPTY = new SyncPlan(List.of(), List.of());

    SyncPlan {
        actions = List.copyOf(new LinkedHashSet<>(actions)).stream().sorted(ORDER).toList();
        conflicts = List.copyOf(new LinkedHashSet<>(conflicts)).stream().sorted(Long::compareUnsigned).toList();
    }

    /** True when there is nothing to repair and no conflict. */
    boolean isEmpty() {
        return actions.isEmpty() && conflicts.isEmpty();
    }

    /** How many actions of this kind. */
    long count(SyncAction.Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).count();
    }

    /**
     * The settle rule: what both comparisons saw. An action (same kind, key and peer) or conflict
     * seen only once is dropped, as it may be a write or delete in flight.
     */
    SyncPlan intersect(SyncPlan later) {
        Set<SyncAction> again = Set.copyOf(later.actions);
        Set<Long> conflictAgain = Set.copyOf(later.conflicts);
        return new SyncPlan(actions.stream().filter(again::contains).toList(),
                conflicts.stream().filter(conflictAgain::contains).toList());
    }
}
