package io.hayloft.master.topology;

import static io.hayloft.master.testing.Heartbeats.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Full reports and deltas ({@link Heartbeat#delta}) applied to the topology. */
class DeltaHeartbeatTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Topology topology = new Topology(clock, 1000, Duration.ofSeconds(15), new SplittableRandom(1));

    private static Heartbeat full(long sequence, List<VolumeReport> volumes) {
        return new Heartbeat(0, "127.0.0.1", 8080, "localhost:8080", "dc1", "r1", 10, 0, volumes, sequence, false,
                List.of());
    }

    private static Heartbeat delta(long sequence, List<VolumeReport> changed, List<Integer> deleted) {
        return new Heartbeat(0, "127.0.0.1", 8080, "localhost:8080", "dc1", "r1", 10, 0, changed, sequence, true,
                deleted);
    }

    private Optional<List<Integer>> held() {
        return topology.volumesBelievedOn("127.0.0.1:8080");
    }

    @Test
    void anEmptyDeltaFromAnUnchangedServerKeepsEveryVolumeAndRefreshesIt() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10), volume(2, "", "000", 20))));
        clock.advance(Duration.ofSeconds(10));
        Topology.HeartbeatOutcome outcome = topology.heartbeat(delta(2, List.of(), List.of()));
        clock.advance(Duration.ofSeconds(10));

        assertThat(outcome.fullReportNeeded()).isFalse();
        assertThat(outcome.expectedVolumes()).isNull();
        assertThat(held()).contains(List.of(1, 2));
        assertThat(topology.removeDeadNodes()).as("the delta counted as a sign of life").isEmpty();
    }

    @Test
    void thePlacementVersionMovesWhenAReplicaComesOrGoesAndNotWhenCountersChange() {
        long v0 = topology.placementVersion();
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10), volume(2, "", "000", 20))));
        long v1 = topology.placementVersion();
        assertThat(v1).as("a new node with two replicas").isGreaterThan(v0);

        topology.heartbeat(delta(2, List.of(volume(1, "", "000", 5000)), List.of()));
        topology.heartbeat(delta(3, List.of(), List.of()));
        topology.heartbeat(full(4, List.of(volume(1, "", "000", 6000), volume(2, "", "000", 20))));
        assertThat(topology.placementVersion()).as("sizes changed, replicas did not").isEqualTo(v1);

        topology.heartbeat(delta(5, List.of(volume(3, "", "000", 0)), List.of()));
        long v2 = topology.placementVersion();
        assertThat(v2).as("a replica added").isGreaterThan(v1);
        topology.heartbeat(delta(6, List.of(), List.of(2)));
        long v3 = topology.placementVersion();
        assertThat(v3).as("a replica deleted").isGreaterThan(v2);
        clock.advance(Duration.ofSeconds(16));
        topology.removeDeadNodes();
        assertThat(topology.placementVersion()).as("the node gone").isGreaterThan(v3);
    }

    @Test
    void aKnownNodeWhoseFullReportWasDeferredIsTouchedAndNotTakenForDead() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10))));
        clock.advance(Duration.ofSeconds(10));
        assertThat(topology.lastFullReportDeferred()).isEmpty();
        assertThat(topology.touch("127.0.0.1:8080")).isTrue();
        assertThat(topology.touch("127.0.0.1:9999")).as("an unknown node is not created").isFalse();
        assertThat(topology.lastFullReportDeferred()).as("a deferral is remembered, known node or not")
                .contains(clock.instant());
        clock.advance(Duration.ofSeconds(10));

        assertThat(topology.removeDeadNodes()).isEmpty();
        assertThat(held()).contains(List.of(1));
        assertThat(topology.nodeCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(topology.removeDeadNodes()).containsExactly("127.0.0.1:8080");
    }

    @Test
    void aDeltaRecordsChangedVolumesAndDropsDeletedOnesOnly() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10), volume(2, "", "000", 20), volume(3, "", "000", 0))));
        Topology.HeartbeatOutcome outcome = topology.heartbeat(delta(2, List.of(volume(2, "", "000", 1000),
                volume(7, "", "000", 0)), List.of(3)));

        assertThat(outcome.maxVolumeId()).isEqualTo(7);
        assertThat(held()).contains(List.of(1, 2, 7));
        List<VolumeId> writable = topology.inspect(v -> v.layouts().getFirst().writableIds());
        assertThat(writable)
                .as("volume 2 reached the size limit").containsExactlyInAnyOrder(VolumeId.of(1), VolumeId.of(7));
        assertThat(topology.lookup(VolumeId.of(3))).isEmpty();
    }

    @Test
    void aDeltaThatSkipsABeatChangesNothingAndAsksForAFullReport() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10))));
        Topology.HeartbeatOutcome outcome = topology.heartbeat(delta(3, List.of(volume(9, "", "000", 0)),
                List.of(1)));

        assertThat(outcome.fullReportNeeded()).isTrue();
        assertThat(held()).contains(List.of(1));
        assertThat(topology.heartbeat(delta(4, List.of(), List.of())).fullReportNeeded())
                .as("deltas stay refused until a full report").isTrue();

        Topology.HeartbeatOutcome fullAgain = topology.heartbeat(full(5, List.of(volume(9, "", "000", 0))));
        assertThat(fullAgain.fullReportNeeded()).isFalse();
        assertThat(fullAgain.expectedVolumes()).containsExactly(1);
        assertThat(held()).contains(List.of(9));
        assertThat(topology.heartbeat(delta(6, List.of(), List.of())).fullReportNeeded()).isFalse();
    }

    @Test
    void aDeltaFromAnUnknownNodeCreatesNoNodeAndAsksForAFullReport() {
        Topology.HeartbeatOutcome outcome = topology.heartbeat(delta(8, List.of(volume(1, "", "000", 0)), List.of()));

        assertThat(outcome.fullReportNeeded()).isTrue();
        assertThat(topology.nodeCount()).as("an empty node would show free slots it may not have").isZero();
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
    }

    @Test
    void aNodeDroppedAsDeadMustReportInFullAgain() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10))));
        clock.advance(Duration.ofSeconds(16));
        assertThat(topology.removeDeadNodes()).containsExactly("127.0.0.1:8080");

        assertThat(topology.heartbeat(delta(2, List.of(), List.of())).fullReportNeeded()).isTrue();
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
    }

    @Test
    void anUnnumberedFullReportThenDeltasAreRefused() {
        topology.heartbeat(full(0, List.of(volume(1, "", "000", 10))));

        assertThat(topology.heartbeat(delta(1, List.of(), List.of())).fullReportNeeded()).isTrue();
    }

    @Test
    void malformedDeltasAreRefusedAndChangeNothing() {
        topology.heartbeat(full(1, List.of(volume(1, "", "000", 10))));

        assertThatThrownBy(() -> topology.heartbeat(delta(0, List.of(), List.of(1))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("sequence");
        assertThatThrownBy(() -> topology.heartbeat(full(2, List.of(), List.of(1))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("deletedVolumes");
        assertThatThrownBy(() -> topology.heartbeat(delta(2, List.of(), List.of(0))))
                .isInstanceOf(HayloftException.class);
        assertThat(held()).contains(List.of(1));
        assertThat(topology.heartbeat(delta(2, List.of(), List.of())).fullReportNeeded())
                .as("the refused beats did not count").isFalse();
    }

    private static Heartbeat full(long sequence, List<VolumeReport> volumes, List<Integer> deleted) {
        return new Heartbeat(0, "127.0.0.1", 8080, "localhost:8080", "dc1", "r1", 10, 0, volumes, sequence, false,
                deleted);
    }
}
