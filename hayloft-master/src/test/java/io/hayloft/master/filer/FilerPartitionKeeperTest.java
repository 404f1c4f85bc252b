package io.hayloft.master.filer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerHeartbeat;
import io.hayloft.api.wire.PartitionMoveResponse;
import io.hayloft.api.wire.PartitionReport;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FilerPartitionKeeperTest {
    private static final Duration GRACE = Duration.ofMinutes(3);
    private static final Duration DROP_AFTER = Duration.ofSeconds(20);

    /** The table as the master's Raft state would hold it: compare-and-set on its version. */
    private static final class MemoryStore implements PartitionTableStore {
        PartitionTable table = PartitionTable.EMPTY;
        long lastNode = 10;

        @Override
        public synchronized PartitionTable current() {
            return table;
        }

        @Override
        public synchronized boolean put(long expected, PartitionTable next) {
            if (table.version() != expected) {
                return false;
            }
            table = next.withVersion(expected + 1);
            return true;
        }

        @Override
        public boolean knownNode(long nodeId) {
            return nodeId > 0 && nodeId <= lastNode;
        }
    }

    /** Records the moves the keeper asks for; fails them while {@code failing}. */
    private static final class RecordingChanger implements PartitionReplicaChanger {
        final List<String> moves = new ArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public void move(PartitionTable table, PartitionTable.Partition before, PartitionTable.Partition after,
                         long source, long target, boolean sourceAlive) {
            if (failing.get()) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "group busy");
            }
            moves.add(before.id() + ":" + source + "->" + target + (sourceAlive ? " alive" : " dead"));
        }

        @Override
        public void drop(PartitionTable table, int partition, long node) {
            moves.add("drop " + partition + ":" + node);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final RecordingChanger changer = new RecordingChanger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final FilerPartitionKeeper keeper = new FilerPartitionKeeper(store, changer, clock, 4, 3, GRACE,
            DROP_AFTER, () -> true);

    private static FilerHeartbeat beat(long node, PartitionReport... reports) {
        return new FilerHeartbeat(node, "127.0.0.1:" + (2000 + node), "127.0.0.1:" + (3000 + node), "", "r" + node,
                List.of(reports));
    }

    @Test
    void placesThePartitionsOnceEnoughServersRegistered() {
        assertThat(keeper.heartbeat(beat(1)).partitions()).isEmpty();
        assertThat(keeper.heartbeat(beat(2)).partitions()).isEmpty();
        PartitionTable t = keeper.heartbeat(beat(3));
        assertThat(t.partitions()).hasSize(4);
        t.partitions().forEach(p -> assertThat(new HashSet<>(p.replicas())).containsExactlyInAnyOrder(1L, 2L, 3L));
        long version = t.version();
        assertThat(keeper.heartbeat(beat(4)).partitions()).isEqualTo(t.partitions());
        assertThat(keeper.heartbeat(beat(4)).version()).isEqualTo(version + 1);
    }

    @Test
    void refusesANodeIdTheClusterNeverHandedOut() {
        assertThatThrownBy(() -> keeper.heartbeat(beat(11))).isInstanceOf(HayloftException.class)
                .hasMessageContaining("never handed out");
        assertThat(store.current()).isEqualTo(PartitionTable.EMPTY);
    }

    @Test
    void recordsTheLeaderOfTheNewestTermOnly() {
        placeOnThree();
        keeper.heartbeat(beat(1, new PartitionReport(0, 2, 4, 10, 100)));
        assertThat(store.current().partition(0).leader()).isEqualTo(2);
        keeper.heartbeat(beat(3, new PartitionReport(0, 1, 3, 9, 100)));
        assertThat(store.current().partition(0).leader()).isEqualTo(2);
        keeper.heartbeat(beat(3, new PartitionReport(0, 3, 5, 11, 100)));
        assertThat(store.current().partition(0)).extracting(PartitionTable.Partition::leader,
                PartitionTable.Partition::term).containsExactly(3L, 5L);
    }

    @Test
    void recreatesTheReplicasOfAServerSilentLongerThanTheGrace() {
        placeOnThree();
        keeper.heartbeat(beat(4));
        keeper.repairPass();
        assertThat(changer.moves).isEmpty();
        clock.advance(GRACE.minusSeconds(10));
        beatAllBut(3);
        keeper.repairPass();
        assertThat(changer.moves).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        beatAllBut(3);
        keeper.repairPass();
        assertThat(changer.moves).containsExactly("0:3->4 dead", "1:3->4 dead", "2:3->4 dead", "3:3->4 dead");
        store.current().partitions().forEach(p -> assertThat(p.replicas()).doesNotContain(3L).contains(4L));
    }

    @Test
    void aFailedReCreationChangesNothingAndIsTriedAgain() {
        placeOnThree();
        keeper.heartbeat(beat(4));
        clock.advance(GRACE.plusSeconds(1));
        beatAllBut(3);
        changer.failing.set(true);
        PartitionTable before = store.current();
        keeper.repairPass();
        assertThat(store.current()).isEqualTo(before);
        changer.failing.set(false);
        keeper.repairPass();
        assertThat(changer.moves).hasSize(4);
    }

    @Test
    void aFollowerRepairsNothing() {
        FilerPartitionKeeper follower = new FilerPartitionKeeper(store, changer, clock, 4, 3, GRACE, DROP_AFTER,
                () -> false);
        placeOnThree();
        clock.advance(GRACE.multipliedBy(10));
        follower.repairPass();
        assertThat(changer.moves).isEmpty();
    }

    @Test
    void aMoveIsADryRunUntilApplied() {
        placeOnThree();
        keeper.heartbeat(beat(4));
        PartitionTable before = store.current();
        PartitionMoveResponse plan = keeper.move(1, 2, 4, false);
        assertThat(plan.applied()).isFalse();
        assertThat(plan.replicas()).contains(4L).doesNotContain(2L);
        assertThat(store.current()).isEqualTo(before);
        assertThat(changer.moves).isEmpty();

        PartitionMoveResponse done = keeper.move(1, 2, 4, true);
        assertThat(done.applied()).isTrue();
        assertThat(changer.moves).containsExactly("1:2->4 alive");
        assertThat(store.current().partition(1).replicas()).containsExactlyInAnyOrderElementsOf(done.replicas());
        assertThat(done.version()).isEqualTo(store.current().version());

        // the live source keeps its idle replica until every filer server routes by the new members
        clock.advance(DROP_AFTER.minusSeconds(1));
        keeper.repairPass();
        assertThat(changer.moves).containsExactly("1:2->4 alive");
        clock.advance(Duration.ofSeconds(2));
        keeper.repairPass();
        assertThat(changer.moves).containsExactly("1:2->4 alive", "drop 1:2");
    }

    @Test
    void aBadMoveIsRefusedAndChangesNothing() {
        placeOnThree();
        keeper.heartbeat(beat(4));
        PartitionTable before = store.current();
        assertThatThrownBy(() -> keeper.move(9, 1, 4, true)).extracting(e -> ((HayloftException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> keeper.move(0, 4, 1, true)).hasMessageContaining("no replica on filer server 4");
        assertThatThrownBy(() -> keeper.move(0, 1, 2, true)).hasMessageContaining("already has a replica");
        assertThatThrownBy(() -> keeper.move(0, 1, 7, true)).extracting(e -> ((HayloftException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        clock.advance(GRACE.plusSeconds(1));
        beatAllBut(4);
        assertThatThrownBy(() -> keeper.move(0, 1, 4, true)).hasMessageContaining("not heartbeating");
        assertThat(changer.moves).isEmpty();
        assertThat(store.current().partitions()).isEqualTo(before.partitions());
    }

    private void placeOnThree() {
        keeper.heartbeat(beat(1));
        keeper.heartbeat(beat(2));
        keeper.heartbeat(beat(3));
        assertThat(store.current().partitions()).hasSize(4);
    }

    private void beatAllBut(long silent) {
        for (PartitionTable.FilerNode s : store.current().servers()) {
            if (s.nodeId() != silent) {
                keeper.heartbeat(beat(s.nodeId()));
            }
        }
    }
}
