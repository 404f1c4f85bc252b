package io.hayloft.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.testing.FakeCluster;
import io.hayloft.master.topology.Topology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VolumeBalancerTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1L << 30, Duration.ofHours(1),
            new SplittableRandom(1));
    private final FakeCluster cluster = new FakeCluster(topology);
    private final BusyVolumes busy = new BusyVolumes();
    private final VolumeBalancer balancer = new VolumeBalancer(topology, new VolumeMover(topology, cluster,
            new ReplicaCopier(topology, cluster, 0, Duration.ofSeconds(5),
                    new RepairMetrics(new SimpleMeterRegistry())), busy), busy);

    private VolumeBalancer.Plan plan(String collection) {
        return VolumeBalancer.plan(ClusterView.of(topology), collection, busy.snapshot());
    }

    @Test
    void movesFromTheFullestToTheEmptiestUntilEven() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        for (int id = 1; id <= 6; id++) {
            cluster.volume(a, id, "000");
        }

        VolumeBalancer.Plan plan = plan(null);

        assertThat(plan.before()).isEqualTo(Map.of(a, 6, b, 0));
        assertThat(plan.after()).isEqualTo(Map.of(a, 3, b, 3));
        assertThat(plan.moves()).hasSize(3).allSatisfy(m -> {
            assertThat(m.source()).isEqualTo(a);
            assertThat(m.target()).isEqualTo(b);
            assertThat(m.done()).isFalse();
        });
    }

    @Test
    void sharesFollowEachServersSlots() {
        String small = cluster.node("dc1", "r1", 8001, 4);
        String big = cluster.node("dc1", "r1", 8002, 8);
        for (int id = 1; id <= 3; id++) {
            cluster.volume(small, id, "000");
        }
        for (int id = 4; id <= 6; id++) {
            cluster.volume(big, id, "000");
        }
        assertThat(plan(null).after()).isEqualTo(Map.of(small, 2, big, 4));
    }

    @Test
    void keepsEveryPlacementAndNeverPutsTwoReplicasOnOneServer() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r2", 8003, 10);
        String e = cluster.node("dc1", "r2", 8004, 10);
        for (int id = 1; id <= 4; id++) {
            cluster.volume(a, id, "010"); // each with its other replica on c
            cluster.volume(c, id, "010");
        }

        VolumeBalancer.Plan plan = plan(null);

        Map<Integer, Set<String>> where = new HashMap<>();
        for (int id = 1; id <= 4; id++) {
            where.put(id, new HashSet<>(List.of(a, c)));
        }
        for (var m : plan.moves()) {
            Set<String> on = where.get(m.volume());
            assertThat(on).contains(m.source()).doesNotContain(m.target());
            on.remove(m.source());
            on.add(m.target());
            // one replica on r1 (a or b), one on r2 (c or e)
            assertThat(on.stream().filter(u -> u.equals(a) || u.equals(b))).hasSize(1);
        }
        assertThat(plan.after()).isEqualTo(Map.of(a, 2, b, 2, c, 2, e, 2));
    }

    @Test
    void leavesBusyVolumesAndOtherCollectionsAlone() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "pics", "000", 1, 1, 1);
        cluster.volume(a, 2, "pics", "000", 1, 1, 1);
        cluster.volume(a, 3, "", "000", 1, 1, 1);
        cluster.volume(a, 4, "", "000", 1, 1, 1);
        busy.mark(VolumeId.of(1));

        VolumeBalancer.Plan plan = plan("pics");

        assertThat(plan.before()).isEqualTo(Map.of(a, 2, b, 0));
        assertThat(plan.moves()).extracting(VolumeBalancerTest::volume).containsExactly(2);
    }

    @Test
    void smallerVolumesMoveFirst() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "", "000", 1, 1, 900);
        cluster.volume(a, 2, "", "000", 1, 1, 100);
        assertThat(plan(null).moves()).extracting(VolumeBalancerTest::volume).containsExactly(2);
    }

    @Test
    void anEvenClusterNeedsNoMove() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "000");
        cluster.volume(a, 2, "000");
        cluster.volume(b, 3, "000");
        assertThat(plan(null).moves()).isEmpty();
    }

    @Test
    void applyRunsTheMovesOneAtATimeAndReportsTheTopologyAfter() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        for (int id = 1; id <= 4; id++) {
            cluster.volume(a, id, "000");
        }

        BalanceReport report = balancer.balance(null, true);

        assertThat(report.applied()).isTrue();
        assertThat(report.moves()).hasSize(2).allSatisfy(m -> assertThat(m.done()).isTrue());
        assertThat(report.after()).isEqualTo(Map.of(a, 2, b, 2));
        assertThat(cluster.volumesOn(b)).hasSize(2);
        assertThat(cluster.calls("delete")).hasSize(2);
    }

    @Test
    void aFailedMoveIsReportedAndTheOthersStillRun() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r1", 8003, 10);
        for (int id = 1; id <= 6; id++) {
            cluster.volume(a, id, "000");
        }
        cluster.failing.add("copy " + b);

        BalanceReport report = balancer.balance(null, true);

        assertThat(report.moves()).anySatisfy(m -> {
            assertThat(m.done()).isFalse();
            assertThat(m.error()).contains("failed (test)");
        });
        assertThat(report.moves()).anySatisfy(m -> assertThat(m.done()).isTrue());
        assertThat(report.after().get(c)).isEqualTo(2);
        assertThat(report.after().get(b)).isZero();
    }

    private static int volume(BalanceReport.Move m) {
        return m.volume();
    }
}
