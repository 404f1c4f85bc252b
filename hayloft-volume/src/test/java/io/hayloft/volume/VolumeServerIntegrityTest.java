package io.hayloft.volume;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt and expired needles are never served. */
class VolumeServerIntegrityTest {
    @TempDir
    Path dir;
    FakeMaster master;
    MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));
    VolumeServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address()).withClock(clock)
                .withFsync(true));
        base = "http://" + server.url();
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=1").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
        master.close();
    }

    @Test
    void corruptNeedleAnswers500JsonAndCountsACrcError() throws Exception {
        FileId fid = FileId.of(1, 0x10, 0x0c0ffee0);
        byte[] data = "MARKER-corrupt-me-please-MARKER".getBytes(StandardCharsets.UTF_8);
        assertThat(TestHttp.send("POST", base + "/" + fid, Map.of(), data).statusCode()).isEqualTo(201);
        Path dat = server.store().volume(VolumeId.of(1)).datPath();
        byte[] file = Files.readAllBytes(dat);
        int at = indexOf(file, data);
        assertThat(at).isPositive();
        try (FileChannel ch = FileChannel.open(dat, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) (file[at + 3] ^ 0x55)}), at + 3);
        }
        HttpResponse<byte[]> r = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(TestHttp.text(r)).startsWith("{\"error\":").doesNotContain("MARKER");
        assertThat(TestHttp.text(TestHttp.get(base + "/metrics", Map.of())))
                .containsPattern("hayloft_volume_crc_errors_total\\{[^}]*} 1\\.0");
    }

    @Test
    void expiredNeedleIs404() {
        FileId fid = FileId.of(1, 0x11, 0x0000beef);
        assertThat(TestHttp.send("POST", base + "/" + fid + "?ttl=1m", Map.of(), new byte[]{1, 2, 3}).statusCode())
                .isEqualTo(201);
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<byte[]> r = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestHttp.text(r)).startsWith("{\"error\":");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
