package io.hayloft.volume;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The volume server's fast read path (FastReadPath, before the router) answers byte for byte as the
 * router's ReadHandler does, and leaves every unusual read to the router. Each request is sent twice
 * on a raw socket: as is (the fast path) and with {@code ?dl=false} (a query: always the router, and
 * {@code dl=false} changes nothing), and the whole answers (status line, headers in order, body) are
 * compared; the {@code hayloft_volume_fast_reads_total} counter tells which path answered.
 */
class FastReadPathTest {
    private static final long LIMIT = 256 * 1024;

    @TempDir
    Path dir;
    FakeMaster master;
    VolumeServer server;
    MutableClock clock;
    String host;
    int port;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        clock = new MutableClock(Instant.parse("2026-12-07T02:29:35Z"));
        server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address())
                .withFileSizeLimit(LIMIT).withClock(clock));
        URI uri = URI.create("http://" + server.url());
        host = uri.getHost();
        port = uri.getPort();
        assertThat(TestHttp.post("http://" + server.url() + "/admin/volume/allocate?volume=3&replication=000")
                .statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
        master.close();
    }

    @Test
    void everyPlainReadIsServedByTheFastPathExactlyAsTheRouterAnswersIt() throws Exception {
        FileId named = FileId.of(3, 0x1637037, 0xd6);
        upload(named, "photo.jpg", "image/jpeg", "jpeg bytes 0123456789".getBytes(StandardCharsets.UTF_8));
        FileId raw = FileId.of(3, 0x2, 0x1ce2111f);
        put(raw, "raw bytes without a name".getBytes(StandardCharsets.UTF_8));
        String hex = named.keyAndCookieHex();
        List<String> requests = List.of(
                "GET /" + named, "GET /" + named + ".jpg", "GET /3/" + hex, "GET /3/" + hex + "/name.jpg",
                "GET /3/" + hex + ".png", "HEAD /" + named, "GET /" + raw, "GET /" + raw + ".txt",
                "GET /3/" + raw.keyAndCookieHex() + "/report.pdf", "HEAD /" + raw);
        List<Map<String, String>> headerSets = List.of(Map.of(), Map.of("Range", "bytes=2-4"),
                Map.of("Range", "bytes=-3"), Map.of("Range", "bytes=5-"), Map.of("Range", "bytes=0-1,3-4"),
                Map.of("If-None-Match", "\"" + eTag(named) + "\""), Map.of("If-None-Match", "W/\"00000000\", *"),
                Map.of("If-None-Match", "\"00000000\""),
                Map.of("If-Modified-Since", "Mon, 7 Dec 2026 02:29:35 GMT"),
                Map.of("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"));
        int served = 0;
        for (String request : requests) {
            for (Map<String, String> headers : headerSets) {
                long before = fastReads();
                String fast = exchange(request, headers);
                assertThat(fastReads()).as(request + " " + headers).isEqualTo(before + 1);
                String routed = exchange(request.replaceFirst("(/\\S*)", "$1?dl=false"), headers);
                assertThat(fastReads()).as(request + "?dl=false " + headers).isEqualTo(before + 1);
                assertThat(fast).as(request + " " + headers).isEqualTo(routed);
                served++;
            }
        }
        assertThat(served).isEqualTo(requests.size() * headerSets.size());
        assertThat(exchange("GET /" + named, Map.of())).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nETag: \"" + eTag(named) + "\"\r\n", "\r\nLast-Modified: Mon, 7 Dec 2026 02:29:35 GMT\r\n",
                        "\r\nContent-Type: image/jpeg\r\n", "\r\nContent-Disposition: inline; filename=\"photo.jpg\"\r\n",
                        "\r\nContent-Length: 21\r\n")
                .endsWith("\r\n\r\njpeg bytes 0123456789");
        assertThat(exchange("GET /" + named, Map.of("Range", "bytes=2-4")))
                .startsWith("HTTP/1.1 206 Partial Content\r\n").contains("\r\nContent-Range: bytes 2-4/21\r\n")
                .endsWith("\r\n\r\neg ");
    }

    @Test
    void unusualReadsAreLeftToTheRouterAndAnswerAsDocumented() throws Exception {
        FileId fid = FileId.of(3, 0x10, 0x0c0ffee0);
        put(fid, "0123456789".getBytes(StandardCharsets.UTF_8));
        FileId deleted = FileId.of(3, 0x11, 0x0c0ffee0);
        put(deleted, "soon gone".getBytes(StandardCharsets.UTF_8));
        assertThat(TestHttp.send("DELETE", "http://" + server.url() + "/" + deleted, Map.of(), null).statusCode())
                .isEqualTo(202);
        FileId wrongCookie = new FileId(fid.volumeId(), fid.key(), fid.cookie() ^ 1);
        long before = fastReads();
        assertRouted("GET /" + FileId.of(3, 0x99, 0x1), Map.of(), "HTTP/1.1 404 Not Found");
        assertRouted("GET /" + wrongCookie, Map.of(), "HTTP/1.1 404 Not Found");
        assertRouted("HEAD /" + wrongCookie, Map.of(), "HTTP/1.1 404 Not Found");
        assertRouted("GET /" + deleted, Map.of(), "HTTP/1.1 404 Not Found");
        assertRouted("GET /" + FileId.of(77, 0x10, 0x1), Map.of(), "HTTP/1.1 404 Not Found");
        assertRouted("GET /" + fid, Map.of("Range", "bytes=50-60"), "HTTP/1.1 416 Requested Range Not Satisfiable");
        assertRouted("GET /" + fid + "?dl=true", Map.of(), "HTTP/1.1 200 OK");
        assertRouted("GET /" + fid + "?type=replicate", Map.of(), "HTTP/1.1 200 OK");
        assertRouted("GET /" + fid + "?type=bogus", Map.of(), "HTTP/1.1 400 Bad Request");
        assertRouted("GET /3,zz", Map.of(), "HTTP/1.1 400 Bad Request");
        assertRouted("GET /3,%30%31637037d6", Map.of(), "HTTP/1.1 ");
        assertRouted("GET /3/" + fid.keyAndCookieHex() + "/..", Map.of(), "HTTP/1.1 ");
        assertRouted("GET /3/" + fid.keyAndCookieHex() + "/a/b", Map.of(), "HTTP/1.1 400 Bad Request");
        assertRouted("POST /" + FileId.of(3, 0x12, 0x1), Map.of("Content-Length", "0"), "HTTP/1.1 ");
        assertThat(fastReads()).isEqualTo(before);
        assertThat(exchange("GET /" + deleted, Map.of())).contains("Content-Type: application/json")
                .endsWith("}");
    }

    @Test
    void expiredNeedlesAreLeftToTheRouterWhichAnswers404() throws Exception {
        FileId fid = FileId.of(3, 0x20, 0x0000beef);
        assertThat(TestHttp.send("POST", "http://" + server.url() + "/" + fid + "?ttl=1m", Map.of(),
                new byte[]{1, 2, 3}).statusCode()).isEqualTo(201);
        long before = fastReads();
        assertThat(exchange("GET /" + fid, Map.of())).startsWith("HTTP/1.1 200 OK");
        assertThat(fastReads()).isEqualTo(before + 1);
        clock.advance(Duration.ofMinutes(2));
        assertRouted("GET /" + fid, Map.of(), "HTTP/1.1 404 Not Found");
        assertThat(fastReads()).isEqualTo(before + 1);
    }

    @Test
    void corruptNeedleIsNeverServedByTheFastPath() throws Exception {
        FileId fid = FileId.of(3, 0x30, 0x0c0ffee0);
        byte[] data = "MARKER-corrupt-me-please-MARKER".getBytes(StandardCharsets.UTF_8);
        put(fid, data);
        Path dat = server.store().volume(VolumeId.of(3)).datPath();
        byte[] file = Files.readAllBytes(dat);
        int at = indexOf(file, data);
        assertThat(at).isPositive();
        try (FileChannel ch = FileChannel.open(dat, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) (file[at + 3] ^ 0x55)}), at + 3);
        }
        long before = fastReads();
        String answer = assertRouted("GET /" + fid, Map.of(), "HTTP/1.1 500 Internal Server Error");
        assertThat(answer).doesNotContain("MARKER").contains("\"error\"");
        assertThat(fastReads()).isEqualTo(before);
    }

    @Test
    void needlesLargerThanTheEventLoopLimitAreReadByTheRouter() throws Exception {
        FileId fid = FileId.of(3, 0x40, 0x1);
        byte[] data = new byte[100 * 1024];
        new java.util.Random(42).nextBytes(data);
        put(fid, data);
        long before = fastReads();
        String answer = exchange("GET /" + fid, Map.of());
        assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\r\nContent-Length: 102400\r\n");
        assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(data);
        assertThat(fastReads()).isEqualTo(before);
    }

    @Test
    void aNeedleOfAnErasureCodedVolumeInAShardHeldHereIsServedByTheFastPath() throws Exception {
        FileId fid = FileId.of(3, 0x50, 0x0c0ffee0);
        upload(fid, "notes.txt", "text/plain", "erasure-coded bytes".getBytes(StandardCharsets.UTF_8));
        FileId other = FileId.of(3, 0x51, 0x0c0ffee1);
        put(other, "more".getBytes(StandardCharsets.UTF_8));
        String base = "http://" + server.url();
        assertThat(TestHttp.post(base + "/admin/volume/mark?volume=3&readonly=true").statusCode()).isEqualTo(200);
        assertThat(TestHttp.post(base + "/admin/ec/encode?volume=3").statusCode()).isEqualTo(200);
        assertThat(TestHttp.post(base + "/admin/volume/delete?volume=3").statusCode()).isEqualTo(200);
        // a small volume: every needle lies in data shard 0, and the map says so
        assertThat(TestHttp.text(TestHttp.get(base + "/ec/shardmap?volume=3", Map.of())))
                .isEqualTo("{\"volume\":3,\"firstKeys\":[\"50\"],\"shards\":[0]}");
        for (String request : List.of("GET /" + fid, "HEAD /" + fid, "GET /" + other)) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Range", "bytes=2-4"))) {
                long before = fastReads();
                String fast = exchange(request, headers);
                assertThat(fastReads()).as(request + " " + headers).isEqualTo(before + 1);
                String routed = exchange(request.replaceFirst("(/\\S*)", "$1?dl=false"), headers);
                assertThat(fastReads()).isEqualTo(before + 1);
                assertThat(fast).isEqualTo(routed).startsWith("HTTP/1.1 20");
            }
        }
        long before = fastReads();
        assertRouted("GET /" + new FileId(fid.volumeId(), fid.key(), fid.cookie() ^ 1), Map.of(),
                "HTTP/1.1 404 Not Found");
        assertRouted("GET /" + FileId.of(3, 0x99, 0x1), Map.of(), "HTTP/1.1 404 Not Found");
        // shard 0 gone from here: the router rebuilds the needle from the other 13 shards
        assertThat(TestHttp.post(base + "/admin/ec/delete?volume=3&shards=0").statusCode()).isEqualTo(200);
        assertThat(assertRouted("GET /" + fid, Map.of(), "HTTP/1.1 200 OK")).endsWith("erasure-coded bytes");
        assertThat(fastReads()).isEqualTo(before);
        assertThat(TestHttp.get(base + "/ec/shardmap?volume=4", Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(base + "/ec/shardmap?volume=x", Map.of()).statusCode()).isEqualTo(400);
        assertThat(TestHttp.get(base + "/ec/shardmap?volume=3&bogus=1", Map.of()).statusCode()).isEqualTo(400);
    }

    /** Sends the request and checks its status line (callers check the fast-read counter). */
    private String assertRouted(String request, Map<String, String> headers, String statusLine) throws Exception {
        String answer = exchange(request, headers);
        assertThat(answer).as(request).startsWith(statusLine);
        return answer;
    }

    private void upload(FileId fid, String name, String type, byte[] data) {
        TestHttp.Multipart m = TestHttp.Multipart.file(name, type, data);
        assertThat(TestHttp.send("POST", "http://" + server.url() + "/" + fid,
                Map.of("Content-Type", m.contentType()), m.body()).statusCode()).isEqualTo(201);
    }

    private void put(FileId fid, byte[] data) {
        assertThat(TestHttp.send("PUT", "http://" + server.url() + "/" + fid,
                Map.of("Content-Type", "application/octet-stream"), data).statusCode()).isEqualTo(201);
    }

    private String eTag(FileId fid) {
        return TestHttp.get("http://" + server.url() + "/" + fid + "?dl=false", Map.of()).headers()
                .firstValue("ETag").orElseThrow().replace("\"", "");
    }

    private long fastReads() {
        String metrics = TestHttp.text(TestHttp.get("http://" + server.url() + "/metrics", Map.of()));
        Matcher m = Pattern.compile("hayloft_volume_fast_reads_total\\{[^}]*} ([0-9.E]+)").matcher(metrics);
        assertThat(m.find()).as("fast reads counter exported").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /** One request on its own connection; the whole answer (status line, headers, body) as ISO-8859-1. */
    private String exchange(String request, Map<String, String> headers) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(request).append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
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
