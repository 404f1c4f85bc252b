package io.hayloft.volume.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision table and the settle rule, as pure functions. */
class SyncDecisionTest {
    private static final String B = "10.0.0.2:8080";
    private static final String C = "10.0.0.3:8080";

    /** Builds one replica's entries: {@code live(key, size)} and {@code deleted(key)}. */
    private static final class Entries {
        private final Map<Long, ReplicaEntries.Live> live = new HashMap<>();
        private final Set<Long> deleted = new HashSet<>();

        Entries live(long key, int size) {
            live.put(key, new ReplicaEntries.Live(0x1234, size));
            return this;
        }

        Entries deleted(long key) {
            deleted.add(key);
            return this;
        }

        ReplicaEntries build() {
            return new ReplicaEntries(live, deleted);
        }
    }

    private static Entries entries() {
        return new Entries();
    }

    private static SyncPlan decide(Entries here, Entries peer) {
        return SyncDecision.decide(here.build(), Map.of(B, peer.build()));
    }

    @Test
    void liveHereAndTombstoneOnThePeerDeletesHere() {
        SyncPlan plan = decide(entries().live(7, 10), entries().deleted(7));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteHere(7));
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void liveHereAndAbsentWithoutTombstoneOnThePeerCopiesToThePeer() {
        SyncPlan plan = decide(entries().live(7, 10), entries());
        assertThat(plan.actions()).containsExactly(SyncAction.copyToPeer(7, B));
    }

    @Test
    void tombstoneHereAndLiveOnThePeerDeletesOnThePeer() {
        SyncPlan plan = decide(entries().deleted(7), entries().live(7, 10));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteOnPeer(7, B));
    }

    @Test
    void absentWithoutTombstoneHereAndLiveOnThePeerCopiesHere() {
        SyncPlan plan = decide(entries(), entries().live(7, 10));
        assertThat(plan.actions()).containsExactly(SyncAction.copyHere(7, B));
    }

    @Test
    void liveOnBothWithDifferentSizesIsAConflictWithoutAction() {
        SyncPlan plan = decide(entries().live(7, 10), entries().live(7, 11));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.conflicts()).containsExactly(7L);
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void agreeingReplicasNeedNothing() {
        SyncPlan plan = decide(entries().live(1, 10).deleted(2).deleted(3),
                entries().live(1, 10).deleted(2));
        assertThat(plan.isEmpty()).isTrue();
        // absent everywhere, whether with a tombstone or not
        assertThat(decide(entries().deleted(4), entries()).isEmpty()).isTrue();
        assertThat(decide(entries(), entries().deleted(4)).isEmpty()).isTrue();
    }

    @Test
    void everyRowAtOnceIsCountedPerKind() {
        SyncPlan plan = decide(
                entries().live(1, 10).live(2, 20).deleted(3).live(5, 50).live(6, 60),
                entries().deleted(1).live(3, 30).live(4, 40).live(5, 51).live(6, 60));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteHere(1), SyncAction.copyHere(4, B),
                SyncAction.deleteOnPeer(3, B), SyncAction.copyToPeer(2, B));
        assertThat(plan.count(SyncAction.Kind.DELETE_HERE)).isEqualTo(1);
        assertThat(plan.count(SyncAction.Kind.COPY_HERE)).isEqualTo(1);
        assertThat(plan.count(SyncAction.Kind.DELETE_ON_PEER)).isEqualTo(1);
        assertThat(plan.count(SyncAction.Kind.COPY_TO_PEER)).isEqualTo(1);
        assertThat(plan.conflicts()).containsExactly(5L);
    }

    @Test
    void keysAreUnsigned() {
        long big = 0xfedc_ba98_7654_3210L;
        SyncPlan plan = decide(entries().live(big, 1).live(1, 1), entries());
        assertThat(plan.actions()).containsExactly(SyncAction.copyToPeer(1, B), SyncAction.copyToPeer(big, B));
    }

    @Test
    void aTombstoneOnAnyReplicaWinsOverLiveCopiesElsewhere() {
        // here never saw the key, B missed its delete, C deleted it: B must not copy it back here
        SyncPlan plan = SyncDecision.decide(entries().build(),
                Map.of(B, entries().live(9, 90).build(), C, entries().deleted(9).build()));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteOnPeer(9, B));
        // here and B live, C deleted: deleted everywhere
        plan = SyncDecision.decide(entries().live(9, 90).build(),
                Map.of(B, entries().live(9, 90).build(), C, entries().deleted(9).build()));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteHere(9), SyncAction.deleteOnPeer(9, B));
    }

    @Test
    void aNeedleOnOnePeerReachesEveryReplica() {
        SyncPlan plan = SyncDecision.decide(entries().build(),
                Map.of(C, entries().live(9, 90).build(), B, entries().build()));
        assertThat(plan.actions()).containsExactly(SyncAction.copyHere(9, C), SyncAction.copyToPeer(9, B));
    }

    @Test
    void copiesHereFromTheFirstPeerInSortedOrder() {
        SyncPlan plan = SyncDecision.decide(entries().build(),
                Map.of(C, entries().live(9, 90).build(), B, entries().live(9, 90).build()));
        assertThat(plan.actions()).containsExactly(SyncAction.copyHere(9, B));
    }

    @Test
    void differentSizesAmongPeersAreAConflict() {
        SyncPlan plan = SyncDecision.decide(entries().build(),
                Map.of(B, entries().live(9, 90).build(), C, entries().live(9, 91).build()));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.conflicts()).containsExactly(9L);
    }

    @Test
    void missingOnSeveralPeersCountsOncePerPeer() {
        SyncPlan plan = SyncDecision.decide(entries().live(9, 90).deleted(8).build(),
                Map.of(B, entries().live(8, 80).build(), C, entries().live(8, 80).build()));
        assertThat(plan.actions()).containsExactly(SyncAction.deleteOnPeer(8, B), SyncAction.deleteOnPeer(8, C),
                SyncAction.copyToPeer(9, B), SyncAction.copyToPeer(9, C));
    }

    @Test
    void settleActsOnlyOnWhatBothComparisonsSaw() {
        SyncPlan first = decide(entries().live(1, 10).live(2, 20).live(3, 30), entries().live(3, 31));
        // meanwhile the write of 2 reached the peer, and a new write of 4 is in flight
        SyncPlan second = decide(entries().live(1, 10).live(2, 20).live(3, 30).live(4, 40),
                entries().live(2, 20).live(3, 31));
        SyncPlan settled = first.intersect(second);
        assertThat(settled.actions()).containsExactly(SyncAction.copyToPeer(1, B));
        assertThat(settled.conflicts()).containsExactly(3L);
        assertThat(second.intersect(first)).isEqualTo(settled);
    }

    @Test
    void settleDropsADifferenceThatChangedItsVerdict() {
        // first the peer lacked key 5 (copy to it), then it had deleted it (delete here): not acted on
        SyncPlan first = decide(entries().live(5, 10), entries());
        SyncPlan second = decide(entries().live(5, 10), entries().deleted(5));
        assertThat(first.intersect(second).isEmpty()).isTrue();
        assertThat(first.intersect(SyncPlan.EMPTY).isEmpty()).isTrue();
    }

    @Test
    void entriesRejectAKeyBothLiveAndDeleted() {
        assertThatThrownBy(() -> entries().live(1, 1).deleted(1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(entries().live(1, 1).build().plus(entries().deleted(2).build()))
                .isEqualTo(new ReplicaEntries(Map.of(1L, new ReplicaEntries.Live(0x1234, 1)), Set.of(2L)));
    }

    @Test
    void actionsOnAPeerNameIt() {
        assertThatThrownBy(() -> new SyncAction(SyncAction.Kind.COPY_HERE, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncAction(SyncAction.Kind.DELETE_HERE, 1, B))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(SyncAction.Kind.values())).extracting(SyncAction.Kind::tag)
                .containsExactly("delete_here", "copy_here", "delete_on_peer", "copy_to_peer");
    }
}
