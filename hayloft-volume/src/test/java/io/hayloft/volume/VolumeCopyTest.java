package io.hayloft.volume;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.http.Json;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.copy.CopyHeader;
import io.hayloft.volume.copy.CopyResult;
import io.hayloft.volume.store.DiskLocation;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real volume servers behind a fake master: volume 7 (collection "pics", no replication) lives
 * on {@code a}; {@code b} copies it ({@code POST /admin/volume/copy}), proxies reads of it, and
 * both answer marks ({@code POST /admin/volume/mark}).
 */
class VolumeCopyTest {
    private static final VolumeId SEVEN = VolumeId.of(7);

    @TempDir
    Path dir;
    Path aDir;
    Path bDir;
    FakeMaster master;
    VolumeServer a;
    VolumeServer b;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        aDir = Files.createDirectories(dir.resolve("a"));
        bDir = Files.createDirectories(dir.resolve("b"));
        a = VolumeServer.start(VolumeServerConfig.forTest(List.of(aDir), master.address()));
        b = VolumeServer.start(VolumeServerConfig.forTest(List.of(bDir), master.address()));
        assertThat(TestHttp.post("http://" + a.url() + "/admin/volume/allocate?volume=7&collection=pics")
                .statusCode()).isEqualTo(200);
        master.replicas.put(7, List.of(a.url()));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        master.close();
    }

    private static HttpResponse<byte[]> upload(VolumeServer s, FileId fid, String name, String type, byte[] data) {
        TestHttp.Multipart m = TestHttp.Multipart.file(name, type, data);
        return TestHttp.send("POST", "http://" + s.url() + "/" + fid, Map.of("Content-Type", m.contentType()), m.body());
    }

    private static HttpResponse<byte[]> copy(VolumeServer target, String query) {
        return TestHttp.post("http://" + target.url() + "/admin/volume/copy?" + query);
    }

    /** The volume files in {@code d} (the node id file and the journal come and go with heartbeats). */
    private static List<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".dat") || n.contains(".idx") || n.endsWith(DiskLocation.COPYING)
                            || n.endsWith(DiskLocation.READ_ONLY_MARKER))
                    .sorted().toList();
        }
    }

    private boolean heartbeatOf(VolumeServer s, java.util.function.Predicate<List<VolumeReport>> volumes) {
        return master.heartbeats.stream().anyMatch(h -> h.port() == s.port() && volumes.test(h.volumes()));
    }

    @Test
    void copiesAVolumeWhileWritesContinueOnTheSource() throws Exception {
        Volume source = a.store().volume(SEVEN);
        Map<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
        Random random = new Random(42);
        for (long key = 1; key <= 3000; key++) {
            byte[] data = new byte[200 + random.nextInt(1000)];
            random.nextBytes(data);
            source.write(Needle.of(key, (int) key, data).withName("f" + key));
            acknowledged.put(key, data);
        }
        for (long key = 10; key <= 3000; key += 60) {
            source.delete(key, (int) key);
            acknowledged.remove(key);
        }
        Map<Long, byte[]> duringCopy = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofVirtual().start(() -> {
            for (long key = 100_000; !stop.get() && key < 200_000; key++) {
                byte[] data = ("late " + key).getBytes(StandardCharsets.UTF_8);
                if (upload(a, FileId.of(7, key, 0x5eed), "late.txt", "text/plain", data).statusCode() == 201) {
                    duringCopy.put(key, data);
                }
            }
        });
        try {
            assertThat(Await.holds(Duration.ofSeconds(10), () -> duringCopy.size() >= 5)).isTrue();
            HttpResponse<byte[]> r = copy(b, "volume=7&source=" + a.url() + "&mbps=1");
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
            CopyResult result = Json.read(r.body(), CopyResult.class);
            assertThat(result.volume()).isEqualTo(7);
            assertThat(result.bytes()).isGreaterThan(2L << 20);
            // 1 MiB/s over more than 2 MiB: every chunk but the last waited its share
            assertThat(result.millis()).isGreaterThanOrEqualTo(1000);
        } finally {
            stop.set(true);
            writer.join(Duration.ofSeconds(20));
        }
        Volume copied = b.store().volume(SEVEN);
        assertThat(copied.collection()).isEqualTo("pics");
        for (var e : acknowledged.entrySet()) {
            assertThat(copied.read(e.getKey(), e.getKey().intValue()).data()).as("needle %d", e.getKey())
                    .isEqualTo(e.getValue());
        }
        for (long key = 10; key <= 3000; key += 60) {
            long k = key;
            assertThatThrownBy(() -> copied.read(k, (int) k))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        for (var e : duringCopy.entrySet()) {
            copied.readStored(e.getKey()).ifPresent(n -> assertThat(n.data()).isEqualTo(e.getValue()));
        }
        HttpResponse<byte[]> onB = TestHttp.get("http://" + b.url() + "/" + FileId.of(7, 1, 1), Map.of());
        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(onB.body()).isEqualTo(acknowledged.get(1L));
        assertThat(files(bDir)).contains("pics_7.dat", "pics_7.idx").noneMatch(f -> f.endsWith(".copying"));
        assertThat(Await.holds(Duration.ofSeconds(10),
                () -> heartbeatOf(b, vs -> vs.stream().anyMatch(v -> v.id() == 7)))).isTrue();
    }

    @Test
    void volumeLargerThanTheReceiveBufferCopiesUnthrottledByteForByte() throws Exception {
        Volume source = a.store().volume(SEVEN);
        Random random = new Random(3);
        for (long key = 1; key <= 24; key++) {
            byte[] data = new byte[1 << 20];
            random.nextBytes(data);
            source.write(Needle.of(key, 1, data));
        }
        HttpResponse<byte[]> r = copy(b, "volume=7&source=" + a.url());
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
        Volume copied = b.store().volume(SEVEN);
        assertThat(Files.mismatch(copied.datPath(), source.datPath())).isEqualTo(-1);
        assertThat(Files.mismatch(copied.idxPath(), source.idxPath())).isEqualTo(-1);
    }

    @Test
    void copyRefusesAVolumeAlreadyHeldHereAndLeavesItAlone() throws Exception {
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/allocate?volume=7").statusCode()).isEqualTo(200);
        List<String> before = files(bDir);
        HttpResponse<byte[]> r = copy(b, "volume=7&source=" + a.url());
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(409);
        assertThat(TestHttp.text(r)).contains("already exists");
        assertThat(files(bDir)).isEqualTo(before);
        assertThat(b.store().volume(SEVEN).collection()).isEmpty();
    }

    @Test
    void copyFromASourceThatFailsIs503AndLeavesNoFiles() throws Exception {
        List<String> before = files(bDir);
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpResponse<byte[]> unreachable = copy(b, "volume=7&source=127.0.0.1:" + closedPort);
        assertThat(unreachable.statusCode()).as(TestHttp.text(unreachable)).isEqualTo(503);
        HttpResponse<byte[]> notThere = copy(b, "volume=8&source=" + a.url());
        assertThat(notThere.statusCode()).isEqualTo(503);
        assertThat(TestHttp.text(notThere)).contains("404");
        assertThat(files(bDir)).isEqualTo(before);
        assertThat(b.store().volumes()).isEmpty();
    }

    @Test
    void brokenStreamsFromTheSourceAre503AndLeaveNoFiles() throws Exception {
        List<String> before = files(bDir);
        byte[] badMagic = new CopyHeader("", 16, 8).encode();
        badMagic[0] = 'X';
        byte[] header = new CopyHeader("", 16, 8).encode();
        byte[] truncated = ByteBuffer.allocate(header.length + 10).put(header).array();
        for (byte[] body : List.of(badMagic, truncated)) {
            HttpServer fake = fakeSource(ex -> {
                try {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(body);
                    ex.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                HttpResponse<byte[]> r = copy(b, "volume=7&source=127.0.0.1:" + fake.getAddress().getPort());
                assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(503);
                assertThat(TestHttp.text(r)).containsAnyOf("not a volume copy stream", "ended after");
            } finally {
                fake.stop(0);
            }
        }
        assertThat(files(bDir)).isEqualTo(before);
        assertThat(b.store().volumes()).isEmpty();
    }

    private static HttpServer fakeSource(Consumer<com.sun.net.httpserver.HttpExchange> answer) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/admin/volume/copy", answer::accept);
        server.start();
        return server;
    }

    @Test
    void copyStreamOfAVolumeNotHeldIs404AndBadParametersAre400() {
        assertThat(TestHttp.get("http://" + b.url() + "/admin/volume/copy?volume=7", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(TestHttp.get("http://" + a.url() + "/admin/volume/copy?volume=7&speed=3", Map.of()).statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.get("http://" + a.url() + "/admin/volume/copy?volume=7&mbps=-1", Map.of()).statusCode())
                .isEqualTo(400);
        assertThat(copy(b, "volume=7").statusCode()).isEqualTo(400);
        assertThat(copy(b, "volume=7&source=http://x/y").statusCode()).isEqualTo(400);
        assertThat(copy(b, "volume=7&source=" + a.url() + "&force=1").statusCode()).isEqualTo(400);
        assertThat(TestHttp.post("http://" + a.url() + "/admin/volume/mark?volume=7").statusCode()).isEqualTo(400);
        assertThat(TestHttp.post("http://" + a.url() + "/admin/volume/mark?volume=7&readonly=maybe").statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/mark?volume=7&readonly=true").statusCode())
                .isEqualTo(404);
    }

    @Test
    void copyStreamFollowsTheDocumentedLayout() throws Exception {
        a.store().volume(SEVEN).write(Needle.of(1, 1, new byte[]{9, 9, 9}));
        HttpResponse<byte[]> r = TestHttp.get("http://" + a.url() + "/admin/volume/copy?volume=7", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        CopyHeader h = CopyHeader.read(new java.io.ByteArrayInputStream(r.body()));
        assertThat(h.collection()).isEqualTo("pics");
        assertThat(h.idxLength()).isEqualTo(16);
        assertThat(h.datLength()).isEqualTo(Files.size(a.store().volume(SEVEN).datPath()));
        assertThat((long) r.body().length).isEqualTo(h.streamLength());
    }

    @Test
    void markMakesAVolumeReadOnlyPersistentlyUntilUnmarked() throws Exception {
        HttpResponse<byte[]> marked = TestHttp.post("http://" + a.url() + "/admin/volume/mark?volume=7&readonly=true");
        assertThat(marked.statusCode()).isEqualTo(200);
        assertThat(TestHttp.text(marked)).isEqualTo("{}");
        assertThat(aDir.resolve("pics_7.readonly")).exists();
        assertThat(upload(a, FileId.of(7, 1, 1), "x.txt", "text/plain", new byte[]{1}).statusCode()).isEqualTo(409);
        assertThat(Await.holds(Duration.ofSeconds(10),
                () -> heartbeatOf(a, vs -> vs.stream().anyMatch(v -> v.id() == 7 && v.readOnly())))).isTrue();
        assertThat(TestHttp.post("http://" + a.url() + "/admin/volume/mark?volume=7&readonly=false").statusCode())
                .isEqualTo(200);
        assertThat(aDir.resolve("pics_7.readonly")).doesNotExist();
        assertThat(upload(a, FileId.of(7, 1, 1), "x.txt", "text/plain", new byte[]{1}).statusCode()).isEqualTo(201);
    }

    @Test
    void readOfAVolumeHeldElsewhereIsProxiedWithTheSameAnswer() {
        FileId fid = FileId.of(7, 0x77, 0x12345678);
        byte[] data = "proxied bytes, exactly as stored".getBytes(StandardCharsets.UTF_8);
        assertThat(upload(a, fid, "p.txt", "text/plain", data).statusCode()).isEqualTo(201);
        String onA = "http://" + a.url() + "/" + fid;
        String onB = "http://" + b.url() + "/" + fid;
        HttpResponse<byte[]> local = TestHttp.get(onA, Map.of());
        HttpResponse<byte[]> proxied = TestHttp.get(onB, Map.of());
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.body()).isEqualTo(data);
        for (String h : List.of("ETag", "Content-Type", "Last-Modified", "Content-Disposition", "Content-Length",
                "Accept-Ranges")) {
            assertThat(proxied.headers().firstValue(h)).as(h).isPresent().isEqualTo(local.headers().firstValue(h));
        }
        HttpResponse<byte[]> range = TestHttp.get(onB, Map.of("Range", "bytes=8-12"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(TestHttp.text(range)).isEqualTo("bytes");
        assertThat(range.headers().firstValue("Content-Range"))
                .isEqualTo(TestHttp.get(onA, Map.of("Range", "bytes=8-12")).headers().firstValue("Content-Range"));
        String eTag = local.headers().firstValue("ETag").orElseThrow();
        assertThat(TestHttp.get(onB, Map.of("If-None-Match", eTag)).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> head = TestHttp.send("HEAD", onB, Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(data.length));
    }

    @Test
    void readOfAVolumeNoReplicaHasIs404() {
        assertThat(TestHttp.get("http://" + b.url() + "/" + FileId.of(7, 0x99, 1), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(TestHttp.get("http://" + b.url() + "/" + FileId.of(9, 0x1, 1), Map.of()).statusCode())
                .isEqualTo(404);
        FileId fid = FileId.of(7, 0x78, 0x1);
        assertThat(upload(a, fid, "p.txt", "text/plain", new byte[]{1}).statusCode()).isEqualTo(201);
        assertThat(TestHttp.get("http://" + b.url() + "/" + fid + "?type=replicate", Map.of()).statusCode())
                .isEqualTo(404);
    }
}
