package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;

/** When a filer server drops a replica the master's table does not name for it. */
class UnassignedReplicasTest {
    private static final Duration MOVED_AWAY_AFTER = Duration.ofSeconds(2);
    private static final Duration ADDED_GRACE = Duration.ofMinutes(5);
    private static final RaftGroupId G = PartitionMap.groupId(0);

    private final AtomicLong now = new AtomicLong();
    private final UnassignedReplicas replicas = new UnassignedReplicas(MOVED_AWAY_AFTER, ADDED_GRACE, now::get);

    private List<RaftGroupId> beat(Set<RaftGroupId> assigned, boolean inOwnConfiguration) {
        return replicas.toDrop(List.of(G), assigned, false, Set.of(), g -> inOwnConfiguration);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /**
     * The target of a move under load: the master hosted the replica here, the leader catches it up (its
     * configuration, from the leader's log, is the old one without it) and the table names it only once
     * the change is committed. It used to be dropped after a few heartbeats, in the middle of its move:
     * the group then named a member without a replica (PartitionedFilerClusterTest's move under load).
     */
    @Test
    void aReplicaBeingAddedByAMoveIsKeptWhileItCatchesUpWithoutItselfInItsConfiguration() {
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(MOVED_AWAY_AFTER.multipliedBy(10));
        assertThat(beat(Set.of(), false)).isEmpty();
        // the move is committed: the table names it
        assertThat(beat(Set.of(G), true)).isEmpty();
    }

    @Test
    void aReplicaAddedByAMoveThatFailedHalfWayIsDroppedAfterTheGrace() {
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(ADDED_GRACE.minusSeconds(1));
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(beat(Set.of(), false)).containsExactly(G);
    }

    @Test
    void aReplicaMovedAwayIsDroppedAFewBeatsAfterTheTableStoppedNamingIt() {
        assertThat(beat(Set.of(G), true)).isEmpty();
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(MOVED_AWAY_AFTER.minusMillis(1));
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(beat(Set.of(), false)).containsExactly(G);
    }

    @Test
    void aReplicaWhoseOwnConfigurationStillNamesItIsKept() {
        assertThat(beat(Set.of(G), true)).isEmpty();
        assertThat(beat(Set.of(), true)).isEmpty();
        advance(ADDED_GRACE.multipliedBy(2));
        assertThat(beat(Set.of(), true)).isEmpty();
    }

    @Test
    void aRecoveredReplicaTheFirstTableDoesNotNameIsDroppedAtOnce() {
        assertThat(replicas.toDrop(List.of(G), Set.of(), true, Set.of(G), g -> true)).containsExactly(G);
    }

    @Test
    void aReplicaMovedBackAfterItWasDroppedCountsAsBeingAddedAgain() {
        assertThat(beat(Set.of(G), true)).isEmpty();
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(MOVED_AWAY_AFTER);
        assertThat(beat(Set.of(), false)).containsExactly(G);
        // hosted again by a move back, not named yet
        assertThat(beat(Set.of(), false)).isEmpty();
        advance(MOVED_AWAY_AFTER.multipliedBy(10));
        assertThat(beat(Set.of(), false)).isEmpty();
    }
}
