package io.hayloft.master.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.http.Json;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /internal/heartbeat} with full reports and deltas, over HTTP. */
class HeartbeatRouteTest {
    @TempDir
    Path dir;

    private MasterServer master;
    private MasterClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private HeartbeatResponse beat(long sequence, boolean delta, List<VolumeReport> volumes, List<Integer> deleted)
            throws Exception {
        Heartbeat hb = new Heartbeat(0, "127.0.0.1", 18080, "127.0.0.1:18080", "dc1", "r1", 10, 0, volumes, sequence,
                delta, deleted);
        HttpResponse<String> r = client.post("/internal/heartbeat", "application/json", Json.write(hb, false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), HeartbeatResponse.class);
    }

    private boolean known(int volumeId) throws Exception {
        return client.get("/dir/lookup?volumeId=" + volumeId).statusCode() == 200;
    }

    private static VolumeReport volume(int id) {
        return new VolumeReport(id, "", 100, 1, 0, 0, "000", "", false, 0, 0);
    }

    @Test
    void aFullReportGetsTheMastersBeliefAndDeltasAfterItGetNone() throws Exception {
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
        client = new MasterClient(master.url());

        HeartbeatResponse first = beat(1, false, List.of(volume(1), volume(2)), List.of());
        assertThat(first.fullReportRequested()).isFalse();
        assertThat(first.expectedVolumes()).as("an unknown node: no opinion").isNull();

        HeartbeatResponse second = beat(2, true, List.of(), List.of(2));
        assertThat(second.fullReportRequested()).isFalse();
        assertThat(second.expectedVolumes()).isNull();
        assertThat(known(1)).isTrue();
        assertThat(known(2)).isFalse();

        HeartbeatResponse again = beat(1, false, List.of(volume(1)), List.of());
        assertThat(again.expectedVolumes()).containsExactly(1);
    }

    @Test
    void aDeltaThatSkipsABeatIsAnsweredWithARequestForAFullReport() throws Exception {
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
        client = new MasterClient(master.url());
        beat(1, false, List.of(volume(1)), List.of());

        assertThat(beat(3, true, List.of(volume(5)), List.of()).fullReportRequested()).isTrue();
        assertThat(known(5)).isFalse();
    }

    @Test
    void anUnnumberedDeltaIsABadRequest() throws Exception {
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
        client = new MasterClient(master.url());
        Heartbeat hb = new Heartbeat(0, "127.0.0.1", 18080, "127.0.0.1:18080", "dc1", "r1", 10, 0, List.of(), 0, true,
                List.of());
        HttpResponse<String> r = client.post("/internal/heartbeat", "application/json",
                Json.write(hb, false));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("sequence");
    }
}
