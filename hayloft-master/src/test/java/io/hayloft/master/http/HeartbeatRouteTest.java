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

    private HttpResponse<String> post(String query, int port, boolean delta, List<VolumeReport> volumes)
            throws Exception {
        Heartbeat hb = new Heartbeat(0, "127.0.0.1", port, "127.0.0.1:" + port, "dc1", "r1", 10, 0, volumes, 1, delta,
                List.of());
        return client.post("/internal/heartbeat" + query, "application/json", Json.write(hb, false));
    }

    private static HeartbeatResponse answer(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), HeartbeatResponse.class);
    }

    @Test
    void fullReportsBeyondTheBudgetAreDeferredWithAWaitAndNotApplied() throws Exception {
        // a clock that stands still: the one slot a second is not refilled while the test runs
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10))
                .withFullReportsPerSecond(1).withClock(new io.hayloft.testkit.MutableClock(java.time.Instant.now())));
        client = new MasterClient(master.url());

        HeartbeatResponse first = answer(post("?report=full&node=127.0.0.1:18081", 18081, false, List.of(volume(1))));
        HeartbeatResponse marked = answer(post("?report=full&node=127.0.0.1:18082", 18082, false, List.of(volume(2))));
        HeartbeatResponse unmarked = answer(post("", 18083, false, List.of(volume(3))));

        assertThat(first.fullReportDeferred()).isFalse();
        assertThat(known(1)).isTrue();
        assertThat(marked.fullReportDeferred()).isTrue();
        assertThat(marked.fullReportRetryAfterMs()).isPositive().isLessThanOrEqualTo(10_000);
        assertThat(marked.expectedVolumes()).isNull();
        assertThat(unmarked.fullReportDeferred()).as("an unmarked full report counts too").isTrue();
        assertThat(known(2)).isFalse();
        assertThat(known(3)).isFalse();
        assertThat(answer(post("", 18081, true, List.of())).fullReportDeferred()).as("deltas are never deferred")
                .isFalse();
    }

    @Test
    void aMalformedFullReportMarkIsABadRequest() throws Exception {
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
        client = new MasterClient(master.url());

        assertThat(post("?report=partial&node=127.0.0.1:18081", 18081, false, List.of()).statusCode()).isEqualTo(400);
        assertThat(post("?report=full", 18081, false, List.of()).statusCode()).isEqualTo(400);
        assertThat(post("?report=full&node=nonsense", 18081, false, List.of()).statusCode()).isEqualTo(400);
        assertThat(post("?report=full&node=127.0.0.1:18081", 18081, true, List.of()).statusCode())
                .as("the mark on a delta").isEqualTo(400);
        assertThat(post("?report=full&node=127.0.0.1:18082", 18081, false, List.of()).statusCode())
                .as("the mark names another node").isEqualTo(400);
        assertThat(post("?report=full&node=127.0.0.1:18081", 18081, false, List.of(volume(4))).statusCode())
                .isEqualTo(200);
        assertThat(known(4)).isTrue();
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
