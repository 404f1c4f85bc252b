package io.hayloft.master.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.testing.FakeCluster;
import io.hayloft.master.topology.Topology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeMoverTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1L << 30, Duration.ofHours(1),
            new SplittableRandom(1));
    private final FakeCluster cluster = new FakeCluster(topology);
    private final BusyVolumes busy = new BusyVolumes();
    private final VolumeMover mover = new VolumeMover(topology, cluster, new ReplicaCopier(topology, cluster, 32,
            Duration.ofSeconds(5), new RepairMetrics(new SimpleMeterRegistry())), busy);
    private String a;
    private String b;
    private String c;
    private String d;

    @BeforeEach
    void cluster() {
        a = cluster.node("dc1", "r1", 8001, 10);
        b = cluster.node("dc1", "r1", 8002, 10);
        c = cluster.node("dc1", "r2", 8003, 10);
        d = cluster.node("dc1", "r2", 8004, 0);
        cluster.volume(a, 1, "010");
        cluster.volume(c, 1, "010");
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOf(HayloftException.class).hasMessageContaining(message)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(code);
    }

    private boolean writable() {
        return topology.<Boolean>inspect(v -> v.layouts().getFirst().isWritable(VolumeId.of(1)));
    }

    @Test
    void movesAReplicaWithWritesWithheldUntilTheSourceIsGone() {
        AtomicBoolean writableDuringCopy = new AtomicBoolean(true);
        cluster.duringCopy = id -> writableDuringCopy.set(writable());
        assertThat(writable()).isTrue();

        MoveResult result = mover.move(VolumeId.of(1), a, b);

        assertThat(result).isEqualTo(new MoveResult(1, a, b, 1000));
        assertThat(cluster.calls).containsExactly("copy " + b + " 1 from " + a + " mbps=32", "sync " + b + " 1",
                "delete " + a + " 1");
        assertThat(writableDuringCopy).isFalse();
        assertThat(topology.lookup(VolumeId.of(1)).orElseThrow()).extracting(l -> l.url())
                .containsExactlyInAnyOrder(b, c);
        assertThat(writable()).isTrue();
        assertThat(busy.snapshot()).isEmpty();
    }

    @Test
    void refusesBadMovesBeforeChangingAnything() {
        assertFails(() -> mover.move(VolumeId.of(9), a, b), ErrorCode.NOT_FOUND, "volume 9 not found");
        assertFails(() -> mover.move(VolumeId.of(1), "127.0.0.1:1", b), ErrorCode.NOT_FOUND,
                "volume server 127.0.0.1:1 not found");
        assertFails(() -> mover.move(VolumeId.of(1), a, "127.0.0.1:1"), ErrorCode.NOT_FOUND,
                "volume server 127.0.0.1:1 not found");
        assertFails(() -> mover.move(VolumeId.of(1), b, d), ErrorCode.NOT_FOUND, "volume 1 is not on " + b);
        assertFails(() -> mover.move(VolumeId.of(1), a, c), ErrorCode.CONFLICT, "is on " + c + " already");
        assertFails(() -> mover.move(VolumeId.of(1), a, a), ErrorCode.BAD_REQUEST, "the same server");
        assertFails(() -> mover.move(VolumeId.of(1), c, b), ErrorCode.BAD_REQUEST, "breaks its replication 010");
        assertFails(() -> mover.move(VolumeId.of(1), c, d), ErrorCode.NOT_ACCEPTABLE, "no free slot");
        assertThat(cluster.calls).isEmpty();
        assertThat(writable()).isTrue();
    }

    @Test
    void aVolumeBeingMovedCannotBeMovedAgain() {
        busy.mark(VolumeId.of(1));
        assertFails(() -> mover.move(VolumeId.of(1), a, b), ErrorCode.CONFLICT, "being copied or moved");
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void aFailedCopyKeepsTheSourceAndGivesWritesBack() {
        cluster.failing.add("copy " + b);
        assertFails(() -> mover.move(VolumeId.of(1), a, b), ErrorCode.UNAVAILABLE, "failed (test)");
        assertThat(cluster.calls("delete")).isEmpty();
        assertThat(topology.lookup(VolumeId.of(1)).orElseThrow()).extracting(l -> l.url())
                .containsExactlyInAnyOrder(a, c);
        assertThat(writable()).isTrue();
        assertThat(busy.snapshot()).isEmpty();
    }
}
