package io.hayloft.volume;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, restart, master outages and the size limit, with a real volume server and a fake master. */
class VolumeServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void startsWhileTheMasterIsDownAndRegistersWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (VolumeServer server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), "127.0.0.1:" + port))) {
            assertThat(server.nodeId()).isZero();
            assertThat(TestHttp.get("http://" + server.url() + "/status", Map.of()).statusCode()).isEqualTo(200);
            try (FakeMaster master = new FakeMaster(port)) {
                assertThat(Await.holds(Duration.ofSeconds(10), () -> server.nodeId() != 0)).isTrue();
                assertThat(Await.holds(Duration.ofSeconds(10), () -> !master.heartbeats.isEmpty())).isTrue();
            }
        }
    }

    @Test
    void registersEveryMeterOnceHoweverManyEventLoopsServe() throws Exception {
        // Micrometer warns once per JVM about a gauge registered twice, then says it at DEBUG
        Logger micrometer = (Logger) LoggerFactory.getLogger("io.micrometer.core.instrument.MeterRegistry");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Level level = micrometer.getLevel();
        micrometer.setLevel(Level.DEBUG);
        micrometer.addAppender(log);
        try (FakeMaster master = new FakeMaster();
             VolumeServer server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address()))) {
            // one event loop per core serves fast reads: none of them may register the volume gauges again
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("has been already registered"));
            assertThat(server.metrics().registry().get("hayloft_volume_volumes").gauges()).hasSize(1);
        } finally {
            micrometer.detachAppender(log);
            micrometer.setLevel(level);
        }
    }

    @Test
    void triesTheNextMasterWhenTheFirstIsDown() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (FakeMaster master = new FakeMaster();
             VolumeServer server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), "x")
                     .withMasters(List.of("127.0.0.1:" + deadPort, master.address())))) {
            assertThat(Await.holds(Duration.ofSeconds(10), () -> master.heartbeats.size() >= 2)).isTrue();
            assertThat(server.nodeId()).isNotZero();
        }
    }

    @Test
    void restartKeepsNodeIdAndNeedles() throws Exception {
        Path second = Files.createDirectories(dir.resolve("d2"));
        Path first = Files.createDirectories(dir.resolve("d1"));
        FileId fid = FileId.of(3, 0x01, 0x637037d6);
        long nodeId;
        try (FakeMaster master = new FakeMaster()) {
            VolumeServerConfig config = VolumeServerConfig.forTest(List.of(first, second), master.address())
                    .withMaxVolumes(List.of(1, 2));
            try (VolumeServer server = VolumeServer.start(config)) {
                assertThat(Await.holds(Duration.ofSeconds(5), () -> server.nodeId() != 0)).isTrue();
                nodeId = server.nodeId();
                String base = "http://" + server.url();
                assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=3").statusCode()).isEqualTo(200);
                assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=4").statusCode()).isEqualTo(200);
                assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=10").statusCode()).isEqualTo(200);
                HttpResponse<byte[]> full = TestHttp.post(base + "/admin/volume/allocate?volume=11");
                assertThat(full.statusCode()).isEqualTo(406);
                assertThat(TestHttp.send("POST", base + "/" + fid, Map.of("Content-Type", "text/plain"),
                        "survives".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
                assertThat(server.store().volume(VolumeId.of(3)).datPath().getParent()).isEqualTo(second);
            }
            try (VolumeServer server = VolumeServer.start(config)) {
                assertThat(server.nodeId()).isEqualTo(nodeId);
                assertThat(server.store().volumes()).hasSize(3);
                assertThat(TestHttp.text(TestHttp.get("http://" + server.url() + "/" + fid, Map.of())))
                        .isEqualTo("survives");
                assertThat(Await.holds(Duration.ofSeconds(5), () -> master.heartbeats.stream()
                        .anyMatch(h -> h.port() == server.port() && h.nodeId() == nodeId))).isTrue();
            }
            assertThat(master.nodeIdRequests).hasSize(1);
        }
    }

    @Test
    void enforcesTheMastersVolumeSizeLimitEvenForForgedFids() throws Exception {
        try (FakeMaster master = new FakeMaster()) {
            master.volumeSizeLimit.set(4096);
            try (VolumeServer server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address()))) {
                assertThat(Await.holds(Duration.ofSeconds(5), () -> server.store().sizeLimit() == 4096)).isTrue();
                String base = "http://" + server.url();
                assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=1").statusCode()).isEqualTo(200);
                int rejectedAt = -1;
                for (int i = 1; i <= 20 && rejectedAt < 0; i++) {
                    HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + FileId.of(1, i, 7), Map.of(),
                            new byte[1000]);
                    if (r.statusCode() != 201) {
                        rejectedAt = i;
                        assertThat(r.statusCode()).isBetween(400, 499);
                        assertThat(TestHttp.text(r)).contains("assign");
                    }
                }
                assertThat(rejectedAt).isBetween(2, 6);
                assertThat(Files.size(server.store().volume(VolumeId.of(1)).datPath())).isLessThan(4096 + 2048);
                assertThat(Await.holds(Duration.ofSeconds(5), () -> master.lastHeartbeat().volumes().stream()
                        .anyMatch(v -> v.id() == 1 && v.size() > 3000 && v.size() <= 4096))).isTrue();
            }
        }
    }
}
