package io.hayloft.master.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.testing.FakeCluster;
import io.hayloft.master.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeCommandsTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1L << 30, Duration.ofHours(1),
            new SplittableRandom(1));
    private final FakeCluster cluster = new FakeCluster(topology);
    private final BusyVolumes busy = new BusyVolumes();
    private final VolumeCommands commands = new VolumeCommands(topology, cluster, busy);
    private String a;
    private String b;
    private String c;

    @BeforeEach
    void cluster() {
        a = cluster.node("dc1", "r1", 8001, 10);
        b = cluster.node("dc1", "r1", 8002, 10);
        c = cluster.node("dc1", "r1", 8003, 10);
        cluster.volume(a, 1, "001");
        cluster.volume(b, 1, "001");
    }

    private boolean writable() {
        return topology.<Boolean>inspect(v -> v.layouts().getFirst().isWritable(VolumeId.of(1)));
    }

    @Test
    void marksEveryReplicaOrOne() {
        assertThat(commands.mark(VolumeId.of(1), true, "")).containsExactly(a, b);
        assertThat(cluster.calls).containsExactly("mark " + a + " 1 readOnly=true", "mark " + b + " 1 readOnly=true");
        assertThat(writable()).as("read-only at once, before the next heartbeat").isFalse();

        assertThat(commands.mark(VolumeId.of(1), false, b)).containsExactly(b);
        assertThat(cluster.calls).endsWith("mark " + b + " 1 readOnly=false");
    }

    @Test
    void deletesFromOneServerAndForgetsTheLocation() {
        assertThat(commands.delete(VolumeId.of(1), a)).containsExactly(a);
        assertThat(cluster.calls).containsExactly("delete " + a + " 1");
        assertThat(topology.lookup(VolumeId.of(1)).orElseThrow()).extracting(l -> l.url()).containsExactly(b);

        assertThat(commands.delete(VolumeId.of(1), "")).containsExactly(b);
        assertThat(topology.lookup(VolumeId.of(1))).isEmpty();
    }

    @Test
    void unknownVolumesAndServersWithoutTheVolumeAre404AndChangeNothing() {
        assertThatThrownBy(() -> commands.mark(VolumeId.of(2), true, "")).isInstanceOf(HayloftException.class)
                .hasMessage("volume 2 not found");
        assertThatThrownBy(() -> commands.delete(VolumeId.of(1), c)).isInstanceOf(HayloftException.class)
                .hasMessageContaining("volume 1 is not on " + c)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void aBusyVolumeIsNotDeleted() {
        busy.mark(VolumeId.of(1));
        assertThatThrownBy(() -> commands.delete(VolumeId.of(1), "")).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void aServerThatFailsIsNamedAndTheOthersAreStillDone() {
        cluster.failing.add("delete " + a);
        assertThatThrownBy(() -> commands.delete(VolumeId.of(1), "")).isInstanceOf(HayloftException.class)
                .hasMessageContaining(a).hasMessageContaining("done on [" + b + "]")
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(topology.lookup(VolumeId.of(1)).orElseThrow()).extracting(l -> l.url()).containsExactly(a);
        assertThat(busy.snapshot()).isEmpty();
    }
}
