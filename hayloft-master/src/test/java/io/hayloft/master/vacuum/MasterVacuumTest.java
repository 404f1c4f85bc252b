package io.hayloft.master.vacuum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.master.testing.Heartbeats;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.PlacementConstraint;
import io.hayloft.master.topology.Topology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MasterVacuumTest {
    private static final LayoutKey KEY = new LayoutKey("", ReplicaPlacement.parse("001"), Ttl.NONE);

    private final Topology topology = new Topology(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
            1L << 30, Duration.ofMinutes(1), new SplittableRandom(1));
    /** Replicas that cannot be asked: the pass judges their garbage from the last heartbeat. */
    private static final ReplicaGarbage HEARTBEATS_ONLY = (node, id) -> {
        throw new HayloftException(ErrorCode.UNAVAILABLE, node + " not asked");
    };

    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    /** Garbage ratios the replicas answer now, by {@code node/volume}; absent = cannot be asked. */
    private final Map<String, Double> garbageNow = new ConcurrentHashMap<>();
    private final ReplicaGarbage askedNow = (node, id) -> {
        Double r = garbageNow.get(node + "/" + id.value());
        if (r == null) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, node + " did not answer");
        }
        return r;
    };
    private final MasterVacuum vacuum = new MasterVacuum(topology, askedNow, (node, id) -> {
        calls.merge(node + "/" + id.value(), 1, Integer::sum);
        if (failing.contains(node)) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, node + " is down");
        }
        return 100;
    }, new VacuumMetrics(new SimpleMeterRegistry()));

    private void heartbeats(long deletedOf1, long deletedOf2) {
        for (int port : new int[]{8001, 8002}) {
            topology.heartbeat(Heartbeats.of("dc", "rack", port, 5, List.of(report(1, deletedOf1), report(2, deletedOf2))));
        }
    }

    private static VolumeReport report(int id, long deleted) {
        return new VolumeReport(id, "", 1000, 10, deleted > 0 ? 1 : 0, deleted, "001", "", false, 0, 0);
    }

    private boolean writable(int id) {
        return topology.<Boolean>inspect(v -> v.layouts().getFirst().isWritable(VolumeId.of(id)));
    }

    private List<VolumeId> writableIds() {
        return topology.<List<VolumeId>>inspect(v -> v.layouts().getFirst().writableIds());
    }

    @Test
    void compactsEveryReplicaOfVolumesPastTheThresholdOnly() {
        heartbeats(400, 100);
        List<VacuumOutcome> outcomes = vacuum.runPass(0.3, null);
        assertThat(outcomes).extracting(VacuumOutcome::volume).containsExactly(1);
        assertThat(outcomes.getFirst().compacted()).isTrue();
        assertThat(outcomes.getFirst().bytesReclaimed()).isEqualTo(200);
        assertThat(calls).containsOnlyKeys("127.0.0.1:8001/1", "127.0.0.1:8002/1");
        assertThat(topology.pickWritable(KEY, PlacementConstraint.ANY)).isPresent();
        assertThat(vacuum.runPass(0.3, "other")).isEmpty();
    }

    @Test
    void aReplicaThatFailsLeavesTheVolumeWithheldUntilALaterPassSucceeds() {
        heartbeats(400, 0);
        failing.add("127.0.0.1:8002");
        VacuumOutcome o = vacuum.runPass(0.3, null).getFirst();
        assertThat(o.compacted()).isFalse();
        assertThat(o.failures()).singleElement().asString().contains("8002");
        assertThat(vacuum.withheldAfterFailure()).containsExactly(1);
        heartbeats(0, 0); // the replica that compacted reports no garbage: the volume is retried anyway
        assertThat(writable(1)).isFalse();
        assertThat(writable(2)).isTrue();

        failing.clear();
        assertThat(vacuum.runPass(0.3, null)).singleElement().satisfies(r -> assertThat(r.compacted()).isTrue());
        assertThat(vacuum.withheldAfterFailure()).isEmpty();
        assertThat(writable(1)).isTrue();
    }

    @Test
    void theVolumeTakesNoAssignmentWhileItsReplicasCompact() throws Exception {
        heartbeats(400, 400);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MasterVacuum slow = new MasterVacuum(topology, HEARTBEATS_ONLY, (node, id) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }, new VacuumMetrics(new SimpleMeterRegistry()));
        Thread pass = Thread.ofVirtual().start(() -> slow.runPass(0.3, null));
        inside.await();
        assertThat(writableIds()).doesNotContain(VolumeId.of(1));
        assertThatThrownBy(() -> slow.runPass(0.3, null)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        release.countDown();
        pass.join();
        assertThat(writableIds())
                .containsExactly(VolumeId.of(1), VolumeId.of(2));
    }

    @Test
    void aVolumeMissingAReplicaIsNotVacuumedSoItsTombstonesSurvive() {
        // volume 1 (001) on one server only: its other replica is away and must still see the deletes
        topology.heartbeat(Heartbeats.of("dc", "rack", 8001, 5, List.of(report(1, 900), report(2, 900))));
        topology.heartbeat(Heartbeats.of("dc", "rack", 8002, 5, List.of(report(2, 900))));

        List<VacuumOutcome> outcomes = vacuum.runPass(0.3, null);

        assertThat(outcomes).extracting(VacuumOutcome::volume).containsExactly(2);
        assertThat(calls).containsOnlyKeys("127.0.0.1:8001/2", "127.0.0.1:8002/2");

        topology.heartbeat(Heartbeats.of("dc", "rack", 8002, 5, List.of(report(1, 900), report(2, 900))));
        assertThat(vacuum.runPass(0.3, null)).extracting(VacuumOutcome::volume).containsExactly(1, 2);
    }

    @Test
    void garbageIsAskedOfTheReplicasNowNotTakenFromTheLastHeartbeat() {
        heartbeats(0, 400); // the last heartbeat: volume 1 clean, volume 2 with 40 % garbage
        garbageNow.put("127.0.0.1:8001/1", 0.5); // deletes since then
        garbageNow.put("127.0.0.1:8002/1", 0.45);
        garbageNow.put("127.0.0.1:8001/2", 0.0); // compacted since then
        garbageNow.put("127.0.0.1:8002/2", 0.0);

        List<VacuumOutcome> outcomes = vacuum.runPass(0.3, null);

        assertThat(outcomes).extracting(VacuumOutcome::volume).containsExactly(1);
        assertThat(outcomes.getFirst().garbageRatio()).isEqualTo(0.5);
        assertThat(calls).containsOnlyKeys("127.0.0.1:8001/1", "127.0.0.1:8002/1");
    }

    @Test
    void aReplicaThatCannotBeAskedIsJudgedByItsLastHeartbeat() {
        heartbeats(400, 0);
        garbageNow.put("127.0.0.1:8001/1", 0.1);
        assertThat(vacuum.runPass(0.3, null)).extracting(VacuumOutcome::volume).containsExactly(1);
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        assertThatThrownBy(() -> vacuum.runPass(1.0, null)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> vacuum.runPass(0, null)).isInstanceOf(HayloftException.class);
    }
}
