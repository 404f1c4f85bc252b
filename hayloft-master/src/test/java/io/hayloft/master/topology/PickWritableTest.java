package io.hayloft.master.topology;

import static io.hayloft.master.testing.Heartbeats.of;
import static io.hayloft.master.testing.Heartbeats.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Picking a writable volume for an assignment, in small layouts and in large ones. */
class PickWritableTest {
    private static final long LIMIT = 1000;
    private final Topology topology = new Topology(new MutableClock(Instant.parse("2025-01-01T00:00:00Z")), LIMIT,
            Duration.ofSeconds(15), new SplittableRandom(3));
    private final LayoutKey key = new LayoutKey("", ReplicaPlacement.NONE, Ttl.NONE);

    /** One server holding volumes 1..count; those for which {@code full} says so are at the size limit. */
    private void serverWith(int count, java.util.function.IntPredicate full) {
        List<VolumeReport> volumes = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            volumes.add(volume(id, "", "000", full.test(id) ? LIMIT : 10));
        }
        topology.heartbeat(of("dc1", "r1", 8080, count, volumes));
    }

    private VolumeId pick() {
        return topology.pickWritable(key, PlacementConstraint.ANY).orElseThrow().id();
    }

    @Test
    void everyWritableVolumeIsPickedAboutAsOftenAndNoFullOne() {
        serverWith(100, id -> id % 2 == 0);
        Map<Integer, Integer> picks = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            picks.merge(pick().value(), 1, Integer::sum);
        }

        assertThat(picks.keySet()).hasSize(50).allMatch(id -> id % 2 == 1);
        assertThat(picks.values()).allMatch(n -> n > 250 && n < 550); // 400 expected each
    }

    @Test
    void theOnlyWritableVolumeAmongThousandsIsFound() {
        serverWith(5000, id -> id != 4321);

        assertThat(pick()).isEqualTo(VolumeId.of(4321));
    }

    @Test
    void aVolumeGoneFromTheLayoutIsNeverPickedAndTheOthersStillAre() {
        serverWith(3, id -> false);
        topology.dropReplica(VolumeId.of(1), "127.0.0.1:8080");
        Map<Integer, Integer> picks = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            picks.merge(pick().value(), 1, Integer::sum);
        }

        assertThat(picks.keySet()).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void anAssignmentCostsTheSameInALayoutOfTwoHundredThousandVolumes() {
        serverWith(200_000, id -> id % 4 == 0);

        // a scan of every volume per assignment took minutes for these picks
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20_000; i++) {
                assertThat(pick().value() % 4).isNotZero();
            }
        });
    }

    /** An event loop's pick never waits: while another thread holds the lock it gets null at once, then the pick. */
    @Test
    void tryPickWritableGivesUpAtOnceWhileAnotherThreadHoldsTheLock() throws Exception {
        serverWith(3, id -> false);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> topology.inspect(t -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        held.await();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(topology.tryPickWritable(key, PlacementConstraint.ANY)).isNull();
            assertThat(topology.<Integer>tryRun(topology::volumeCount)).isNull();
        });
        release.countDown();
        holder.join();
        assertThat(topology.tryPickWritable(key, PlacementConstraint.ANY)).isPresent();
        assertThat(topology.<Integer>tryRun(topology::volumeCount)).isEqualTo(3);
    }
}
