package io.hayloft.master.topology;

import static io.hayloft.master.testing.Heartbeats.of;
import static io.hayloft.master.testing.Heartbeats.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The topology calls replica repair relies on: write holds, slot reservations, replica drops and waits. */
class WriteHoldTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1 << 20, Duration.ofSeconds(15),
            new SplittableRandom(1));
    private static final VolumeId ONE = VolumeId.of(1);

    private boolean writable() {
        return topology.<Boolean>inspect(v -> v.layouts().getFirst().isWritable(ONE));
    }

    @Test
    void holdsAndVacuumKeepAVolumeBackUntilEveryOneLetsGo() {
        topology.heartbeat(of("dc", "r", 8001, 5, List.of(volume(1, "", "000", 10))));
        WriteHold copy = topology.holdWrites(ONE);
        WriteHold move = topology.holdWrites(ONE);
        topology.withholdWrites(ONE, true);
        copy.close();
        topology.withholdWrites(ONE, false);
        assertThat(writable()).isFalse();
        move.close();
        move.close();
        assertThat(writable()).isTrue();
        topology.withholdWrites(ONE, true);
        topology.holdWrites(ONE).close();
        assertThat(writable()).as("a closed hold does not release vacuum's").isFalse();
    }

    @Test
    void aReservedSlotIsNotFreeForGrowth() {
        topology.heartbeat(of("dc", "r", 8001, 1, List.of()));
        SlotReservation slot = topology.reserveSlot("127.0.0.1:8001").orElseThrow();
        assertThat(topology.freeSlots()).isZero();
        assertThat(topology.reserveSlot("127.0.0.1:8001")).isEmpty();
        assertThat(topology.reserveSlot("127.0.0.1:9")).isEmpty();
        topology.release(slot);
        assertThat(topology.freeSlots()).isEqualTo(1);
        assertThat(topology.reserve(ReplicaPlacement.NONE, PlacementConstraint.ANY).urls())
                .containsExactly("127.0.0.1:8001");
    }

    @Test
    void aDroppedReplicaIsForgottenAtOnce() {
        topology.heartbeat(of("dc", "r", 8001, 5, List.of(volume(1, "", "001", 10))));
        topology.heartbeat(of("dc", "r", 8002, 5, List.of(volume(1, "", "001", 10))));
        assertThat(topology.dropReplica(ONE, "127.0.0.1:8001")).isTrue();
        assertThat(topology.dropReplica(ONE, "127.0.0.1:8001")).isFalse();
        assertThat(topology.lookup(ONE).orElseThrow()).extracting(l -> l.url()).containsExactly("127.0.0.1:8002");
    }

    @Test
    void awaitReplicaReturnsWhenAHeartbeatListsTheVolumeOrTimesOut() throws Exception {
        topology.heartbeat(of("dc", "r", 8001, 5, List.of()));
        assertThat(topology.awaitReplica(ONE, "127.0.0.1:8001", Duration.ofMillis(20))).isFalse();
        Thread beat = Thread.ofVirtual().start(() ->
                topology.heartbeat(of("dc", "r", 8001, 5, List.of(volume(1, "", "000", 10)))));
        assertThat(topology.awaitReplica(ONE, "127.0.0.1:8001", Duration.ofSeconds(10))).isTrue();
        beat.join();
    }
}
