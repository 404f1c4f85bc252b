package io.hayloft.cli.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.Heartbeat;
import org.junit.jupiter.api.Test;

class SyntheticServerTest {
    private static SyntheticServer server() {
        SyntheticServer s = new SyntheticServer("vs-00001.sim", 9000, "dc1", "rack1", 12, 3, 100);
        for (int id = 1; id <= 10; id++) {
            s.put(new SyntheticServer.Volume(id, "", "000", 1000, 10, 0));
        }
        return s;
    }

    @Test
    void itReportsInFullFirstThenOnlyWhatChurnAndWritesChanged() {
        SyntheticServer s = server();

        Heartbeat first = s.nextHeartbeat(0, 100);
        Heartbeat idle = s.nextHeartbeat(0, 105);
        s.written(4, 77, 5000, 110);
        Heartbeat written = s.nextHeartbeat(0, 110);
        Heartbeat churned = s.nextHeartbeat(3, 115);

        assertThat(first.delta()).isFalse();
        assertThat(first.volumes()).hasSize(10);
        assertThat(first.url()).isEqualTo("vs-00001.sim:9000");
        assertThat(first.maxVolumeCount()).isEqualTo(12);
        assertThat(idle.delta()).isTrue();
        assertThat(idle.volumes()).isEmpty();
        assertThat(written.volumes()).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(4);
            assertThat(v.size()).isEqualTo(6000);
            assertThat(v.fileCount()).isEqualTo(11);
        });
        assertThat(written.maxFileKey()).isEqualTo(77);
        assertThat(churned.volumes()).hasSizeBetween(1, 3);
        assertThat(churned.sequence()).isEqualTo(4);
    }

    @Test
    void anUnchangedVolumeIsReportedWithTheSameObjectBeatAfterBeat() {
        SyntheticServer s = server();
        Heartbeat first = s.nextHeartbeat(0, 100);
        s.written(4, 77, 5000, 110);
        s.requestFull();
        Heartbeat second = s.nextHeartbeat(0, 110);

        for (int i = 0; i < 10; i++) {
            if (first.volumes().get(i).id() == 4) {
                assertThat(second.volumes().get(i)).isNotEqualTo(first.volumes().get(i));
            } else {
                assertThat(second.volumes().get(i)).as("volume %d", i + 1).isSameAs(first.volumes().get(i));
            }
        }
    }

    @Test
    void aRevivedServerStartsOverWithAFullReportNumberedOne() {
        SyntheticServer s = server();
        s.nextHeartbeat(0, 100);
        s.nextHeartbeat(0, 105);

        s.setAlive(false);
        s.setAlive(true);
        Heartbeat after = s.nextHeartbeat(0, 110);

        assertThat(after.delta()).isFalse();
        assertThat(after.sequence()).isEqualTo(1);
    }

    @Test
    void beatsGoOneAtATimeAndAnUrgentOneWaitsForTheOneOut() {
        SyntheticServer s = server();

        assertThat(s.startBeat(false)).isTrue();
        assertThat(s.startBeat(false)).as("a routine beat while one is out is dropped").isFalse();
        assertThat(s.endBeat()).isFalse();
        assertThat(s.startBeat(false)).isTrue();
        assertThat(s.startBeat(true)).isFalse();
        assertThat(s.endBeat()).as("the urgent beat goes next").isTrue();
        assertThat(s.startBeat(false)).isTrue();
    }
}
