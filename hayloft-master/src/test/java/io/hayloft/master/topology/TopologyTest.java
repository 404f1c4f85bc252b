package io.hayloft.master.topology;

import static io.hayloft.master.testing.Heartbeats.of;
import static io.hayloft.master.testing.Heartbeats.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.api.wire.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static final long LIMIT = 1000;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Topology topology = new Topology(clock, LIMIT, Duration.ofSeconds(15), new SplittableRandom(1));
    private final LayoutKey pictures = new LayoutKey("pictures", ReplicaPlacement.NONE, Ttl.NONE);

    @Test
    void heartbeatsBuildDataCentersRacksAndNodes() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", 10))));
        topology.heartbeat(of("dc1", "r2", 8081, 5, List.of()));
        topology.heartbeat(of("", "", 8082, 5, List.of()));
        List<String> tree = topology.inspect(v -> v.dataCenters().stream()
                .flatMap(dc -> dc.racks().stream().flatMap(r -> r.nodes().stream()
                        .map(n -> dc.id() + "/" + r.id() + "/" + n.url()))).toList());
        assertThat(tree).containsExactly("dc1/r1/127.0.0.1:8080", "dc1/r2/127.0.0.1:8081",
                "DefaultDataCenter/DefaultRack/127.0.0.1:8082");
        assertThat(topology.lookup(VolumeId.of(1))).contains(List.of(new Location("127.0.0.1:8080", "localhost:8080")));
        assertThat(topology.freeSlots()).isEqualTo(14);
    }

    @Test
    void volumesShortOrInSurplusAreThoseWithoutTheirPlacementsReplicaCount() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "", "001", 0), volume(2, "", "001", 0),
                volume(3, "pictures", "000", 0), volume(4, "", "000", 0))));
        topology.heartbeat(of("dc1", "r1", 8081, 5, List.of(volume(2, "", "001", 0), volume(4, "", "000", 0))));
        topology.heartbeat(of("dc1", "r1", 8082, 5, List.of(volume(2, "", "001", 0))));

        assertThat(topology.volumesShortOrInSurplus()).as("1 short, 2 and 4 in surplus, 3 as asked")
                .containsExactlyInAnyOrder(VolumeId.of(1), VolumeId.of(2), VolumeId.of(4));
    }

    @Test
    void volumeAtTheSizeLimitIsNotWritable() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", LIMIT - 1))));
        assertThat(topology.hasWritable(pictures)).isTrue();
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", LIMIT))));
        assertThat(topology.hasWritable(pictures)).isFalse();
        assertThat(topology.pickWritable(pictures, PlacementConstraint.ANY)).isEmpty();
    }

    @Test
    void readOnlyVolumeIsNotWritable() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(
                new io.hayloft.api.wire.VolumeReport(1, "pictures", 0, 0, 0, 0, "000", "", true, 0, 0))));
        assertThat(topology.hasWritable(pictures)).isFalse();
    }

    @Test
    void volumeMissingAReplicaIsNotWritable() {
        LayoutKey twoCopies = new LayoutKey("", ReplicaPlacement.parse("001"), Ttl.NONE);
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(3, "", "001", 0))));
        assertThat(topology.hasWritable(twoCopies)).isFalse();
        topology.heartbeat(of("dc1", "r1", 8081, 5, List.of(volume(3, "", "001", 0))));
        assertThat(topology.hasWritable(twoCopies)).isTrue();
        assertThat(topology.lookup(VolumeId.of(3)).orElseThrow()).hasSize(2);
    }

    @Test
    void volumeNoLongerReportedLosesItsLocation() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", 0))));
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
        assertThat(topology.volumeCount()).isZero();
    }

    @Test
    void freshlyGrownVolumeSurvivesAHeartbeatSentBeforeTheAllocation() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        SlotReservation r = topology.reserve(ReplicaPlacement.NONE, PlacementConstraint.ANY);
        topology.commitGrowth(r, VolumeId.of(9), pictures);
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        assertThat(topology.lookup(VolumeId.of(9))).isPresent();
        clock.advance(Duration.ofSeconds(16));
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        assertThat(topology.lookup(VolumeId.of(9))).isEmpty();
    }

    @Test
    void silentNodeIsRemovedWithItsVolumesAfterTheTimeout() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", 0))));
        clock.advance(Duration.ofSeconds(10));
        topology.heartbeat(of("dc1", "r1", 8081, 5, List.of()));
        assertThat(topology.removeDeadNodes()).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(topology.removeDeadNodes()).containsExactly("127.0.0.1:8080");
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
        assertThat(topology.nodeCount()).isEqualTo(1);
    }

    @Test
    void nodeMovingRackIsReattached() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of()));
        topology.heartbeat(of("dc2", "r9", 8080, 5, List.of()));
        List<String> dcs = topology.inspect(v -> v.dataCenters().stream().map(DataCenter::id).toList());
        assertThat(dcs).containsExactly("dc2");
    }

    @Test
    void reservedSlotsAreNotOfferedTwice() {
        topology.heartbeat(of("dc1", "r1", 8080, 1, List.of()));
        SlotReservation r = topology.reserve(ReplicaPlacement.NONE, PlacementConstraint.ANY);
        assertThat(topology.freeSlots()).isZero();
        topology.release(r);
        assertThat(topology.freeSlots()).isEqualTo(1);
    }

    @Test
    void droppingACollectionForgetsItsVolumesAndLayouts() {
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "pictures", "000", 0),
                volume(2, "mp3", "000", 0))));
        assertThat(topology.volumesOf("pictures")).containsExactly(
                new Topology.VolumeOnNode(VolumeId.of(1), "127.0.0.1:8080"));
        topology.dropCollection("pictures");
        assertThat(topology.hasCollection("pictures")).isFalse();
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
        assertThat(topology.lookup(VolumeId.of(2))).isPresent();
    }

    @Test
    void placementChangesNameTheVolumesThatGainedLostOrMovedAReplica() {
        assertThat(topology.drainPlacementChanges().everything()).as("the first reader must look at all").isTrue();
        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "", "001", 0), volume(2, "", "001", 0))));
        topology.heartbeat(of("dc1", "r1", 8081, 5, List.of(volume(1, "", "001", 0))));
        assertThat(topology.drainPlacementChanges()).isEqualTo(new Topology.PlacementChanges(
                Set.of(VolumeId.of(1), VolumeId.of(2)), false));
        assertThat(topology.drainPlacementChanges().volumes()).as("drained").isEmpty();

        topology.heartbeat(of("dc1", "r1", 8080, 5, List.of(volume(1, "", "001", 50), volume(2, "", "001", 9))));
        assertThat(topology.drainPlacementChanges().volumes()).as("sizes are not placement").isEmpty();

        topology.heartbeat(of("dc1", "r2", 8081, 5, List.of(volume(1, "", "001", 0)))); // moved rack
        assertThat(topology.drainPlacementChanges().volumes()).containsExactly(VolumeId.of(1));
        assertThat(topology.dropReplica(VolumeId.of(2), "127.0.0.1:8080")).isTrue();
        assertThat(topology.drainPlacementChanges().volumes()).containsExactly(VolumeId.of(2));

        clock.advance(Duration.ofSeconds(16));
        topology.heartbeat(of("dc1", "r2", 8081, 5, List.of(volume(1, "", "001", 0))));
        assertThat(topology.removeDeadNodes()).containsExactly("127.0.0.1:8080");
        assertThat(topology.drainPlacementChanges().volumes()).containsExactly(VolumeId.of(1));
    }

    @Test
    void tooManyPlacementChangesToListAskForALookAtEverything() {
        topology.drainPlacementChanges();
        int perNode = 1000;
        for (int n = 0; n * perNode <= Topology.MAX_PLACEMENT_CHANGES; n++) {
            List<io.hayloft.api.wire.VolumeReport> volumes = new java.util.ArrayList<>();
            for (int v = 0; v < perNode; v++) {
                volumes.add(volume(n * perNode + v + 1, "", "000", 0));
            }
            topology.heartbeat(of("dc1", "r1", 10_000 + n, perNode, volumes));
        }
        Topology.PlacementChanges changes = topology.drainPlacementChanges();
        assertThat(changes.everything()).isTrue();
        assertThat(changes.volumes()).as("not kept once too many").isEmpty();
        assertThat(topology.drainPlacementChanges().everything()).isFalse();
    }
}
