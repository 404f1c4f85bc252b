package io.hayloft.volume;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.http.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real volume server on loopback against a fake master: the SeaweedFS-compatible HTTP API. */
class VolumeServerHttpTest {
    private static final long LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    static FakeMaster master;
    static VolumeServer server;
    static String base;
    static int nextKey = 1;

    @BeforeAll
    static void start() throws Exception {
        master = new FakeMaster();
        server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address())
                .withFileSizeLimit(LIMIT));
        base = "http://" + server.url();
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=5&collection=&replication=000").statusCode())
                .isEqualTo(200);
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=6&ttl=3m").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
        master.close();
    }

    private static synchronized FileId newFid(int volume) {
        return FileId.of(volume, nextKey++, 0x1ce2111f);
    }

    private static HttpResponse<byte[]> upload(FileId fid, String fileName, String type, byte[] data) {
        TestHttp.Multipart m = TestHttp.Multipart.file(fileName, type, data);
        return TestHttp.send("POST", base + "/" + fid, Map.of("Content-Type", m.contentType()), m.body());
    }

    @Test
    void multipartUploadAnswers201WithNameSizeAndEtagLikeSeaweedfs() {
        FileId fid = newFid(5);
        byte[] data = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = upload(fid, "test.json", "application/json", data);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        UploadResponse body = Json.read(r.body(), UploadResponse.class);
        assertThat(body.name()).isEqualTo("test.json");
        assertThat(body.size()).isEqualTo(data.length);
        assertThat(body.eTag()).matches("[0-9a-f]{8}");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + body.eTag() + "\"");

        HttpResponse<byte[]> get = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(data);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(get.headers().firstValue("ETag")).hasValue("\"" + body.eTag() + "\"");
        assertThat(get.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(get.headers().firstValue("Last-Modified")).isPresent();
        assertThat(get.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"test.json\"");
    }

    @Test
    void everyUrlFormOfTheFidReadsTheSameNeedle() {
        FileId fid = newFid(5);
        byte[] data = "url forms".getBytes(StandardCharsets.UTF_8);
        assertThat(TestHttp.send("PUT", base + "/" + fid, Map.of("Content-Type", "text/plain"), data).statusCode())
                .isEqualTo(201);
        String keyHex = fid.keyAndCookieHex();
        for (String path : List.of("/" + fid, "/" + fid + ".txt", "/5/" + keyHex, "/5/" + keyHex + "/name.txt")) {
            HttpResponse<byte[]> r = TestHttp.get(base + path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isEqualTo(data);
        }
    }

    @Test
    void multipartChunkEndingOnTheCrBeforeTheDelimiterStoresExactBytes() throws Exception {
        // netty/netty#17383: Netty's decoder kept that CR as part of the file; ours must not
        FileId fid = newFid(5);
        byte[] data = "exact bytes, no trailing CR".getBytes(StandardCharsets.UTF_8);
        String head = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\r\n";
        byte[] first = (head + new String(data, StandardCharsets.UTF_8) + "\r").getBytes(StandardCharsets.UTF_8);
        byte[] second = "\n--B--\r\n".getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /" + fid + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: multipart/form-data; boundary=B\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte[] chunk : new byte[][] {first, second}) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 201");
        }
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).body()).isEqualTo(data);
    }

    @Test
    void multipartPartWithoutFileNameIsTakenAsTheFileLikeSeaweedfs() {
        FileId fid = newFid(5);
        byte[] body = ("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nplain value\r\n--B--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + fid,
                Map.of("Content-Type", "multipart/form-data; boundary=B"), body);
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).body())
                .isEqualTo("plain value".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rawUploadTakesMimeFromContentTypeAndNameFromContentDisposition() {
        FileId fid = newFid(5);
        byte[] data = "raw body".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + fid + "?ts=1700000000",
                Map.of("Content-Type", "text/markdown", "Content-Disposition", "inline; filename=\"notes.md\"",
                        "Seaweed-Owner", "alice"), data);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(TestHttp.text(r)).contains("\"name\":\"notes.md\"");
        HttpResponse<byte[]> get = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/markdown");
        assertThat(get.headers().firstValue("Last-Modified")).hasValue("Tue, 14 Nov 2023 22:13:20 GMT");
        assertThat(get.headers().firstValue("Seaweed-Owner")).hasValue("alice");
    }

    @Test
    void octetStreamBodyWithoutNameIsServedWithTypeGuessedFromTheUrl() {
        FileId fid = newFid(5);
        byte[] data = {1, 2, 3};
        assertThat(TestHttp.send("POST", base + "/" + fid, Map.of("Content-Type", "application/octet-stream"), data)
                .statusCode()).isEqualTo(201);
        assertThat(TestHttp.get(base + "/" + fid + ".png", Map.of()).headers().firstValue("Content-Type"))
                .hasValue("image/png");
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).headers().firstValue("Content-Type"))
                .hasValue("application/octet-stream");
        assertThat(TestHttp.get(base + "/" + fid + "?dl=true", Map.of()).headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("attachment; filename="));
    }

    @Test
    void headSendsHeadersWithoutBody() {
        FileId fid = newFid(5);
        upload(fid, "a.txt", "text/plain", "12345".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = TestHttp.send("HEAD", base + "/" + fid, Map.of(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void conditionalRequestsAnswer304() {
        FileId fid = newFid(5);
        HttpResponse<byte[]> up = upload(fid, "c.txt", "text/plain", "cached".getBytes(StandardCharsets.UTF_8));
        String eTag = up.headers().firstValue("ETag").orElseThrow();
        assertThat(TestHttp.get(base + "/" + fid, Map.of("If-None-Match", eTag)).statusCode()).isEqualTo(304);
        assertThat(TestHttp.get(base + "/" + fid, Map.of("If-None-Match", "\"00000000\"")).statusCode())
                .isEqualTo(200);
        String lastModified = TestHttp.get(base + "/" + fid, Map.of()).headers().firstValue("Last-Modified")
                .orElseThrow();
        assertThat(TestHttp.get(base + "/" + fid, Map.of("If-Modified-Since", lastModified)).statusCode())
                .isEqualTo(304);
        assertThat(TestHttp.get(base + "/" + fid, Map.of("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void rangeRequestsAnswer206AndUnsatisfiableOnes416() {
        FileId fid = newFid(5);
        upload(fid, "r.txt", "text/plain", "0123456789".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = TestHttp.get(base + "/" + fid, Map.of("Range", "bytes=2-4"));
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(TestHttp.text(r)).isEqualTo("234");
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        assertThat(TestHttp.text(TestHttp.get(base + "/" + fid, Map.of("Range", "bytes=7-")))).isEqualTo("789");
        assertThat(TestHttp.text(TestHttp.get(base + "/" + fid, Map.of("Range", "bytes=-2")))).isEqualTo("89");
        HttpResponse<byte[]> bad = TestHttp.get(base + "/" + fid, Map.of("Range", "bytes=50-60"));
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(bad.headers().firstValue("Content-Range")).hasValue("bytes */10");
    }

    @Test
    void deleteAnswers202WithSizeThenReadsAndDeletesAre404() {
        FileId fid = newFid(5);
        upload(fid, "d.txt", "text/plain", "gone soon".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> del = TestHttp.send("DELETE", base + "/" + fid, Map.of(), null);
        assertThat(del.statusCode()).isEqualTo(202);
        assertThat(TestHttp.text(del)).isEqualTo("{\"size\":9}");
        HttpResponse<byte[]> get = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(TestHttp.send("DELETE", base + "/" + fid, Map.of(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongCookieReadsAre404AndWritesAreRejected() {
        FileId fid = newFid(5);
        upload(fid, "k.txt", "text/plain", "secret".getBytes(StandardCharsets.UTF_8));
        FileId forged = new FileId(fid.volumeId(), fid.key(), fid.cookie() ^ 1);
        assertThat(TestHttp.get(base + "/" + forged, Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> w = upload(forged, "k.txt", "text/plain", "other".getBytes(StandardCharsets.UTF_8));
        assertThat(w.statusCode()).isBetween(400, 499);
        assertThat(TestHttp.text(w)).contains("\"error\"");
        assertThat(TestHttp.text(TestHttp.get(base + "/" + fid, Map.of()))).isEqualTo("secret");
    }

    @Test
    void unknownVolumeIs404Json() {
        HttpResponse<byte[]> r = upload(FileId.of(999, 1, 1), "x", "text/plain", new byte[]{1});
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestHttp.text(r)).startsWith("{\"error\":");
        assertThat(TestHttp.get(base + "/999,01637037d6", Map.of()).statusCode()).isEqualTo(404);
        // volume ids are unsigned 32-bit: a valid id above 2^31-1 names no volume, it is not malformed
        assertThat(TestHttp.get(base + "/4000000000,01637037d6", Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(base + "/4000000000/01637037d6", Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(base + "/4294967296,01637037d6", Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void contentMd5IsChecked() throws Exception {
        byte[] data = "checked".getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        FileId good = newFid(5);
        assertThat(TestHttp.send("POST", base + "/" + good, Map.of("Content-MD5", md5), data).statusCode())
                .isEqualTo(201);
        FileId bad = newFid(5);
        HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + bad,
                Map.of("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="), data);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHttp.text(r)).contains("Content-MD5");
        assertThat(TestHttp.get(base + "/" + bad, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void oversizedBodiesAre413AndNothingIsStored() {
        FileId fid = newFid(5);
        HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + fid, Map.of(), new byte[(int) LIMIT + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(TestHttp.text(r)).contains("\"error\"");
        HttpResponse<byte[]> m = upload(fid, "big.bin", "application/octet-stream", new byte[(int) LIMIT + 10]);
        assertThat(m.statusCode()).isEqualTo(413);
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(base + "/status", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void truncatedMultipartIs400AndNothingIsStored() {
        FileId fid = newFid(5);
        TestHttp.Multipart m = TestHttp.Multipart.file("t.txt", "text/plain", new byte[1000]);
        byte[] cut = java.util.Arrays.copyOf(m.body(), m.body().length - 60);
        HttpResponse<byte[]> r = TestHttp.send("POST", base + "/" + fid, Map.of("Content-Type", m.contentType()), cut);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedFidsAndParametersAre400Json() {
        for (String path : List.of("/abc", "/5,zz", "/5,01", "/0,01637037d6", "/5/x/y/z")) {
            HttpResponse<byte[]> r = TestHttp.get(base + path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(TestHttp.text(r)).as(path).startsWith("{\"error\":");
        }
        FileId fid = newFid(5);
        assertThat(TestHttp.send("POST", base + "/" + fid + "?ts=abc", Map.of(), new byte[]{1}).statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.send("POST", base + "/" + fid + "?ttl=5x", Map.of(), new byte[]{1}).statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.send("POST", base + "/" + fid + "?type=bogus", Map.of(), new byte[]{1}).statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.get(base + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void adminEndpointsRejectBadInput() {
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=7&bogus=1").statusCode()).isEqualTo(400);
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=x").statusCode()).isEqualTo(400);
        assertThat(TestHttp.post(base + "/admin/volume/allocate").statusCode()).isEqualTo(400);
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=8&replication=abc").statusCode())
                .isEqualTo(400);
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=5").statusCode()).isEqualTo(409);
        assertThat(TestHttp.post(base + "/admin/volume/delete?volume=4242").statusCode()).isEqualTo(404);
        assertThat(server.store().find(io.hayloft.api.VolumeId.of(7))).isEmpty();
    }

    @Test
    void allocateAndDeleteVolumeAreReportedByAnImmediateHeartbeat() {
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=9&collection=pictures&replication=000")
                .statusCode()).isEqualTo(200);
        assertThat(Await.holds(Duration.ofSeconds(5), () -> master.lastHeartbeat() != null
                && master.lastHeartbeat().volumes().stream().anyMatch(v -> v.id() == 9
                && v.collection().equals("pictures")))).isTrue();
        assertThat(dir.resolve("pictures_9.dat")).exists();
        assertThat(TestHttp.post(base + "/admin/volume/delete?volume=9").statusCode()).isEqualTo(200);
        assertThat(dir.resolve("pictures_9.dat")).doesNotExist();
        assertThat(Await.holds(Duration.ofSeconds(5), () -> master.lastHeartbeat().deletedVolumes().contains(9)
                && master.lastHeartbeat().volumes().stream().noneMatch(v -> v.id() == 9))).isTrue();
    }

    @Test
    void statusListsVolumesAndDisks() {
        HttpResponse<byte[]> r = TestHttp.get(base + "/status?pretty=y", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        String s = TestHttp.text(r);
        assertThat(s).contains("\"Version\"", "\"Volumes\"", "\"DiskStatuses\"", "\"ReplicaPlacement\"",
                "\"FileCount\"", "\"FreeSlots\"", "\"Ttl\" : \"3m\"");
    }

    @Test
    void metricsCountReadsWritesAndBytes() {
        FileId fid = newFid(5);
        upload(fid, "m.txt", "text/plain", "metered".getBytes(StandardCharsets.UTF_8));
        TestHttp.get(base + "/" + fid, Map.of());
        String m = TestHttp.text(TestHttp.get(base + "/metrics", Map.of()));
        assertThat(m).contains("hayloft_volume_reads_total", "hayloft_volume_writes_total",
                "hayloft_volume_written_bytes_total", "hayloft_volume_crc_errors_total", "hayloft_volume_volumes",
                "hayloft_volume_write_latency");
    }

    @Test
    void registersWithTheMasterAndHeartbeatsItsVolumes() {
        assertThat(Await.holds(Duration.ofSeconds(5), () -> server.nodeId() != 0)).isTrue();
        assertThat(master.nodeIdRequests).containsExactly(server.url());
        // a full report first, then deltas: volumes allocated after the first beat come in the deltas
        assertThat(Await.holds(Duration.ofSeconds(5), () -> master.heartbeats.stream()
                .filter(h -> h.nodeId() == server.nodeId()).flatMap(h -> h.volumes().stream())
                .map(v -> v.id()).collect(java.util.stream.Collectors.toSet()).containsAll(List.of(5, 6)))).isTrue();
        var first = master.heartbeats.getFirst();
        assertThat(first.delta()).isFalse();
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(master.heartbeats).allSatisfy(hb -> {
            assertThat(hb.port()).isEqualTo(server.port());
            assertThat(hb.publicUrl()).isEqualTo(server.publicUrl());
            assertThat(hb.maxVolumeCount()).isEqualTo(server.store().maxVolumeCount())
                    .isGreaterThanOrEqualTo(io.hayloft.volume.store.DiskLocation.MIN_AUTO_SLOTS);
        });
    }
}
