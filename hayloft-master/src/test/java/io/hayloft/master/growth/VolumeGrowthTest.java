package io.hayloft.master.growth;

import static io.hayloft.master.testing.Heartbeats.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.PlacementConstraint;
import io.hayloft.master.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VolumeGrowthTest {
    /** Records allocations; fails for the nodes in {@code failing}. */
    static final class FakeAdmin implements VolumeServerAdmin {
        final List<String> allocations = new CopyOnWriteArrayList<>();
        final List<String> failing = new CopyOnWriteArrayList<>();

        @Override
        public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
            if (failing.contains(nodeUrl)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "cannot reach " + nodeUrl);
            }
            allocations.add(nodeUrl + " " + id + " " + key.collection());
        }

        @Override
        public void delete(String nodeUrl, VolumeId id) {
            allocations.remove(nodeUrl + " " + id);
        }

        @Override
        public long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps) {
            allocations.add(targetUrl + " " + id + " copied from " + sourceUrl);
            return 0;
        }

        @Override
        public long sync(String nodeUrl, VolumeId id) {
            return 0;
        }

        @Override
        public void mark(String nodeUrl, VolumeId id, boolean readOnly) {
            allocations.add(nodeUrl + " " + id + " readOnly=" + readOnly);
        }
    }

    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1 << 20, Duration.ofSeconds(15),
            new SplittableRandom(3));
    private final AtomicInteger ids = new AtomicInteger();
    private final FakeAdmin admin = new FakeAdmin();
    private final VolumeGrowth growth = new VolumeGrowth(topology, () -> VolumeId.of(ids.incrementAndGet()), admin);
    private final LayoutKey pictures = new LayoutKey("pictures", ReplicaPlacement.NONE, Ttl.NONE);

    @Test
    void freshMasterInAGroupGrowsNothingUntilItHasHeardAPulseAndAHalfOfHeartbeats() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        VolumeGrowth warming = new VolumeGrowth(topology, () -> VolumeId.of(ids.incrementAndGet()), admin,
                GrowthWarmup.afterPulses(clock, Duration.ofSeconds(2)));
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        clock.advance(Duration.ofMillis(2_999));
        assertThatThrownBy(() -> warming.grow(pictures, 1, PlacementConstraint.ANY))
                .hasMessageContaining("warming up")
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(admin.allocations).isEmpty();
        assertThat(topology.freeSlots()).isEqualTo(5);
        clock.advance(Duration.ofMillis(1));
        assertThat(warming.grow(pictures, 1, PlacementConstraint.ANY)).isEqualTo(1);
    }

    @Test
    void growthCountFollowsSeaweedFs() {
        assertThat(VolumeGrowth.autoCount(1)).isEqualTo(7);
        assertThat(VolumeGrowth.autoCount(2)).isEqualTo(6);
        assertThat(VolumeGrowth.autoCount(3)).isEqualTo(3);
        assertThat(VolumeGrowth.autoCount(4)).isEqualTo(1);
    }

    @Test
    void automaticGrowthTakesFewerVolumesWhenSlotsAreScarce() {
        assertThat(VolumeGrowth.autoCount(1, 1000, true)).isEqualTo(7);
        assertThat(VolumeGrowth.autoCount(1, 24, true)).isEqualTo(3);
        assertThat(VolumeGrowth.autoCount(1, 7, true)).isEqualTo(1);
        assertThat(VolumeGrowth.autoCount(1, 7, false)).as("the first layout: as many as fit").isEqualTo(7);
        assertThat(VolumeGrowth.autoCount(2, 1000, true)).isEqualTo(6);
        assertThat(VolumeGrowth.autoCount(2, 32, true)).isEqualTo(2);

        topology.heartbeat(of("dc1", "r1", 8080, 64, List.of()));
        List<Integer> grown = new ArrayList<>();
        for (int i = 0; topology.freeSlots() > 0; i++) {
            grown.add(growth.grow(new LayoutKey("c" + i, ReplicaPlacement.NONE, Ttl.NONE), 0, PlacementConstraint.ANY));
        }
        assertThat(grown.getFirst()).isEqualTo(7);
        assertThat(grown).as("layouts served by 64 slots").hasSizeGreaterThanOrEqualTo(20);
        assertThat(grown.getLast()).isEqualTo(1);
    }

    @Test
    void growsAsManyAsFitAndRegistersThemAtOnce() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        assertThat(growth.grow(pictures, 0, PlacementConstraint.ANY)).isEqualTo(5);
        assertThat(admin.allocations).hasSize(5).allMatch(a -> a.endsWith(" pictures"));
        assertThat(topology.lookup(VolumeId.of(5))).isPresent();
        assertThat(topology.hasWritable(pictures)).isTrue();
    }

    @Test
    void nothingFitsMeansNoFreeVolumesLeft() {
        topology.heartbeat(of("dc1", "r1", 8080, 1, List.of()));
        growth.grow(pictures, 0, PlacementConstraint.ANY);
        LayoutKey mp3 = new LayoutKey("mp3", ReplicaPlacement.NONE, Ttl.NONE);
        assertThatThrownBy(() -> growth.grow(mp3, 0, PlacementConstraint.ANY)).hasMessage("No free volumes left!");
    }

    @Test
    void failedAllocationReleasesTheReservedSlots() {
        topology.heartbeat(of("dc1", "r1", 8080, 2, List.of()));
        admin.failing.add("127.0.0.1:8080");
        assertThatThrownBy(() -> growth.grow(pictures, 1, PlacementConstraint.ANY))
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(topology.freeSlots()).isEqualTo(2);
        assertThat(topology.volumeCount()).isZero();
    }

    @Test
    void replicatedGrowthAllocatesOnEveryChosenNode() {
        topology.heartbeat(of("dc1", "r1", 8080, 3, List.of()));
        topology.heartbeat(of("dc1", "r1", 8081, 3, List.of()));
        LayoutKey twoCopies = new LayoutKey("", ReplicaPlacement.parse("001"), Ttl.NONE);
        assertThat(growth.grow(twoCopies, 1, PlacementConstraint.ANY)).isEqualTo(1);
        assertThat(admin.allocations).containsExactlyInAnyOrder("127.0.0.1:8080 1 ", "127.0.0.1:8081 1 ");
        assertThat(topology.hasWritable(twoCopies)).isTrue();
    }

    @Test
    void aBurstOfCallersGrowsTheLayoutOnce() throws Exception {
        topology.heartbeat(of("dc1", "r1", 8080, 20, List.of()));
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> growth.growIfNoneWritable(pictures, 0, PlacementConstraint.ANY)));
            }
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get();
        }
        assertThat(total).isEqualTo(7);
        assertThat(admin.allocations).hasSize(7);
    }
}
