package io.hayloft.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.repair.RepairPlan.Copy;
import io.hayloft.master.testing.FakeCluster;
import io.hayloft.master.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RepairPlannerTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1L << 30, Duration.ofMinutes(1),
            new SplittableRandom(1));
    private final FakeCluster cluster = new FakeCluster(topology);

    private RepairPlan planNow() {
        return RepairPlanner.plan(ClusterView.of(topology), RepairPlanner.Input.now(Set.of(), Set.of(), null));
    }

    @Test
    void underReplicatedVolumeIsCopiedFromItsFreshestReplicaToTheFreestFittingServer() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r1", 8003, 20);
        String d = cluster.node("dc1", "r2", 8004, 50);
        cluster.volume(a, 1, "", "002", 100, 5, 1000);
        cluster.volume(b, 1, "", "002", 200, 5, 1000);

        RepairPlan plan = planNow();

        assertThat(plan.underReplicated()).singleElement().satisfies(u -> {
            assertThat(u.volume().id()).isEqualTo(VolumeId.of(1));
            assertThat(u.copies()).containsExactly(new Copy(VolumeId.of(1), b, c));
        });
        assertThat(plan.overReplicated()).isEmpty();
        assertThat(plan.unfixable()).isEmpty();
        assertThat(d).isNotIn(plan.underReplicated().getFirst().copies().stream().map(Copy::target).toList());
    }

    @Test
    void volumesNotYetDueBusyOrOfAnotherCollectionAreLeftAlone() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "", "001", 100, 1, 10);
        cluster.volume(a, 2, "", "001", 100, 1, 10);
        cluster.volume(a, 3, "pics", "001", 100, 1, 10);
        ClusterView view = ClusterView.of(topology);

        RepairPlan plan = RepairPlanner.plan(view, new RepairPlanner.Input(id -> id.value() != 2, id -> true,
                Set.of(VolumeId.of(1)), Set.of(), null));
        assertThat(plan.underReplicated()).extracting(u -> u.volume().id().value()).containsExactly(3);

        RepairPlan onlyDefault = RepairPlanner.plan(view, RepairPlanner.Input.now(Set.of(), Set.of(), ""));
        assertThat(onlyDefault.underReplicated()).extracting(u -> u.volume().id().value()).containsExactly(1, 2);
    }

    @Test
    void busyTargetsAreNotChosen() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 50);
        String c = cluster.node("dc1", "r1", 8003, 10);
        cluster.volume(a, 1, "001");
        RepairPlan plan = RepairPlanner.plan(ClusterView.of(topology),
                RepairPlanner.Input.now(Set.of(), Set.of(b), null));
        assertThat(plan.underReplicated().getFirst().copies()).extracting(Copy::target).containsExactly(c);
    }

    @Test
    void aPlanDoesNotPromiseOneFreeSlotTwice() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 1);
        cluster.volume(a, 1, "001");
        cluster.volume(a, 2, "001");

        RepairPlan plan = planNow();

        assertThat(plan.underReplicated()).singleElement()
                .satisfies(u -> assertThat(u.copies()).containsExactly(new Copy(VolumeId.of(1), a, b)));
        assertThat(plan.unfixable()).singleElement().satisfies(u -> {
            assertThat(u.volume()).isEqualTo(VolumeId.of(2));
            assertThat(u.reason()).isEqualTo("replication 001, replicas on [" + a + "]: no server without a replica"
                    + " has a free slot");
        });
    }

    @Test
    void aPlanTriesAtMostItsBudgetOfDueVolumesStartingAfterTheCursorAndCountsTheRest() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        cluster.node("dc1", "r1", 8002, 10);
        for (int id = 1; id <= 5; id++) {
            cluster.volume(a, id, "001");
        }
        ClusterView view = ClusterView.of(topology);

        RepairPlan plan = RepairPlanner.plan(view, new RepairPlanner.Input(id -> id.value() != 4, id -> true, Set.of(),
                Set.of(), null, 2, VolumeId.of(2)));
        assertThat(plan.underReplicated()).extracting(u -> u.volume().id().value()).containsExactly(3, 5);
        assertThat(plan.unplanned()).as("volumes 1 and 2 are due but past the budget; 4 is not due").isEqualTo(2);

        RepairPlan wrapped = RepairPlanner.plan(view, new RepairPlanner.Input(id -> true, id -> true, Set.of(),
                Set.of(), null, 3, VolumeId.of(4)));
        assertThat(wrapped.underReplicated()).extracting(u -> u.volume().id().value()).containsExactly(5, 1, 2);
        assertThat(wrapped.unplanned()).isEqualTo(2);

        assertThat(planNow().underReplicated()).as("no budget: every due volume").hasSize(5);
        assertThat(planNow().unplanned()).isZero();
    }

    @Test
    void anUnfixableVolumeTriedCountsAgainstTheBudget() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        cluster.node("dc1", "r2", 8002, 10);
        cluster.volume(a, 1, "001"); // no second server in r1: unfixable
        cluster.volume(a, 2, "010");
        RepairPlan plan = RepairPlanner.plan(ClusterView.of(topology), new RepairPlanner.Input(id -> true,
                id -> true, Set.of(), Set.of(), null, 1, null));
        assertThat(plan.unfixable()).extracting(u -> u.volume().value()).containsExactly(1);
        assertThat(plan.underReplicated()).isEmpty();
        assertThat(plan.unplanned()).isEqualTo(1);
    }

    @Test
    void unfixableVolumesCarryThePlacementReason() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 7, "100");
        assertThat(planNow().unfixable()).singleElement().satisfies(u -> assertThat(u.reason())
                .endsWith("replication 100 needs 2 data centers with a replica or a free slot, found 1"));
    }

    @Test
    void surplusReplicaRemovedIsTheStalestWhoseRemovalKeepsThePlacement() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r2", 8003, 10);
        cluster.volume(a, 1, "", "010", 300, 5, 10);
        cluster.volume(b, 1, "", "010", 200, 5, 10);
        cluster.volume(c, 1, "", "010", 100, 5, 10); // stalest, but the only replica on rack r2

        assertThat(planNow().overReplicated()).singleElement()
                .satisfies(o -> assertThat(o.remove()).containsExactly(b));
    }

    @Test
    void surplusTiesGoToTheFewestFilesThenTheUrl() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r1", 8003, 10);
        String d = cluster.node("dc1", "r1", 8004, 10);
        cluster.volume(a, 1, "", "000", 100, 7, 10);
        cluster.volume(b, 1, "", "000", 100, 3, 10);
        cluster.volume(c, 1, "", "000", 100, 3, 10);
        cluster.volume(d, 1, "", "000", 100, 9, 10);

        assertThat(planNow().overReplicated()).singleElement()
                .satisfies(o -> assertThat(o.remove()).containsExactly(b, c, a));
    }

    @Test
    void overReplicatedVolumeWaitsUntilDue() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "000");
        cluster.volume(b, 1, "000");
        RepairPlan plan = RepairPlanner.plan(ClusterView.of(topology),
                new RepairPlanner.Input(id -> true, id -> false, Set.of(), Set.of(), null));
        assertThat(plan.overReplicated()).isEmpty();
    }

    @Test
    void trackerCountsGraceContinuouslyAndOverReplicationInPasses() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        cluster.volume(a, 1, "001");
        cluster.volume(a, 2, "000");
        cluster.volume(b, 2, "000");
        ReplicaTracker tracker = new ReplicaTracker();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration grace = Duration.ofMinutes(3);

        tracker.observe(ClusterView.of(topology), t0);
        assertThat(tracker.underReplicated()).isEqualTo(1);
        assertThat(tracker.underDue(VolumeId.of(1), t0.plus(grace).minusSeconds(1), grace)).isFalse();
        assertThat(tracker.overDue(VolumeId.of(2))).isFalse();

        tracker.observe(ClusterView.of(topology), t0.plusSeconds(60));
        assertThat(tracker.underDue(VolumeId.of(1), t0.plus(grace), grace)).isTrue();
        assertThat(tracker.overDue(VolumeId.of(2))).isTrue();

        cluster.volume(b, 1, "001"); // complete again: the grace starts over next time
        tracker.observe(ClusterView.of(topology), t0.plusSeconds(120));
        assertThat(tracker.underReplicated()).isZero();
        assertThat(tracker.underDue(VolumeId.of(1), t0.plus(grace), grace)).isFalse();
    }
}
