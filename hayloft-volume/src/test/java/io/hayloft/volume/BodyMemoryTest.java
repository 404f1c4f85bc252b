package io.hayloft.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.VolumeStats;
import io.hayloft.testkit.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large upload bodies take room in the volume server's body memory before they are read: while one
 * upload holds most of it, another large one is answered 503 with {@code Retry-After} and stores
 * nothing, and room comes back when the first finishes; a large needle read takes room while it is sent.
 * Without the budget a few concurrent 200 MiB uploads ran a 512 MiB heap out of memory.
 */
class BodyMemoryTest {
    private static final int MIB = 1 << 20;
    private static final long BUDGET = 4L * MIB;

    @TempDir
    Path dir;
    private OneVolumeServer one;
    private VolumeServer server;

    @BeforeEach
    void start() throws Exception {
        one = OneVolumeServer.start(dir, c -> c.withBodyMemory(BUDGET), 3);
        server = one.server;
    }

    @AfterEach
    void stop() {
        one.close();
    }

    private String url(String pathAndQuery) {
        return one.url(pathAndQuery);
    }

    private double heldBytes() {
        String metrics = TestHttp.text(TestHttp.get(url("/metrics"), Map.of()));
        return metrics.lines().filter(l -> l.startsWith("hayloft_volume_body_memory_bytes"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<byte[]> upload(FileId fid, byte[] data) {
        return TestHttp.send("POST", url("/" + fid), Map.of("Content-Type", "application/octet-stream"), data);
    }

    @Test
    void aLargeUploadBeyondTheBudgetIsRefusedWith503AndRoomComesBack() throws Exception {
        Random random = new Random(7);
        byte[] three = new byte[3 * MIB];
        random.nextBytes(three);
        FileId first = FileId.of(3, 0x10, 0x1234);
        FileId second = FileId.of(3, 0x11, 0x1234);
        try (Socket slow = new Socket("127.0.0.1", Integer.parseInt(server.url().split(":")[1]))) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /" + first + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + three.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(three, 0, 1024);
            out.flush();
            Await.until("the slow upload holds its room", Duration.ofSeconds(10), () -> heldBytes() == three.length);

            VolumeStats before = server.store().volume(VolumeId.of(3)).stats();
            HttpResponse<byte[]> refused = upload(second, three);
            assertThat(refused.statusCode()).as(TestHttp.text(refused)).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(TestHttp.text(refused)).contains("UNAVAILABLE");
            assertThat(server.store().volume(VolumeId.of(3)).stats()).isEqualTo(before);
            assertThat(TestHttp.get(url("/" + second), Map.of()).statusCode()).isEqualTo(404);

            HttpResponse<byte[]> small = upload(FileId.of(3, 0x12, 0x1234), new byte[100 * 1024]);
            assertThat(small.statusCode()).as("small bodies are not budgeted").isEqualTo(201);

            out.write(three, 1024, three.length - 1024);
            out.flush();
            InputStream in = slow.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 201");
        }
        Await.until("the finished upload gave its room back", Duration.ofSeconds(10), () -> heldBytes() == 0);
        assertThat(TestHttp.get(url("/" + first), Map.of()).body()).isEqualTo(three);
        assertThat(heldBytes()).as("a large read gives its room back once sent").isZero();
        HttpResponse<byte[]> stored = upload(second, three);
        assertThat(stored.statusCode()).as(TestHttp.text(stored)).isEqualTo(201);
        assertThat(TestHttp.get(url("/" + second), Map.of()).body()).isEqualTo(three);
    }

    @Test
    void oneBodyLargerThanTheBudgetStillGoesThroughAlone() {
        byte[] six = new byte[6 * MIB];
        new Random(8).nextBytes(six);
        FileId fid = FileId.of(3, 0x20, 0x99);
        assertThat(upload(fid, six).statusCode()).isEqualTo(201);
        assertThat(Arrays.equals(TestHttp.get(url("/" + fid), Map.of()).body(), six)).isTrue();
        Await.until("room given back", Duration.ofSeconds(10), () -> heldBytes() == 0);
    }
}
