package io.hayloft.filer;

import io.hayloft.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.http.Json;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The filer over a real in-process cluster: one master, two volume servers, 64 KiB chunks so
 * multi-chunk files stay small.
 */
class FilerServerTest {
    private static final int CHUNK = 64 * 1024;
    private static final long SEED = System.nanoTime();
    private static final Random RANDOM = new Random(SEED);

    @TempDir
    static Path root;
    private static MasterServer master;
    private static final List<VolumeServer> volumes = new ArrayList<>();
    private static FilerServer filer;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() throws Exception {
        System.out.println("FilerServerTest seed=" + SEED);
        master = MasterServer.start(MasterConfig.forTest(root.resolve("master")));
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectories(root.resolve("volume" + i));
            volumes.add(VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.url())));
        }
        Await.until("2 volume servers registered", Duration.ofSeconds(30), () -> dataNodes() == 2);
        filer = FilerServer.start(filerConfig(root.resolve("filer")));
    }

    @AfterAll
    static void stopCluster() {
        if (filer != null) {
            filer.close();
        }
        volumes.forEach(VolumeServer::close);
        if (master != null) {
            master.close();
        }
    }

    private static FilerConfig filerConfig(Path dir) {
        return FilerConfig.forTest(dir, master.url()).withChunking(CHUNK, 2048, 2);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static int dataNodes() {
        try {
            JsonNode topo = json(get(master.url(), "/dir/status", "")).get("Topology");
            int n = 0;
            for (JsonNode dc : topo.get("DataCenters")) {
                for (JsonNode rack : dc.get("Racks")) {
                    n += rack.get("DataNodes").size();
                }
            }
            return n;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder at(String hostPort, String rawPath) {
        return HttpRequest.newBuilder(URI.create("http://" + hostPort + rawPath)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<byte[]> get(String hostPort, String rawPath, String accept) {
        HttpRequest.Builder b = at(hostPort, rawPath).GET();
        if (!accept.isEmpty()) {
            b.header("Accept", accept);
        }
        return send(b);
    }

    private static HttpResponse<byte[]> get(String rawPath) {
        return get(filer.url(), rawPath, "");
    }

    private static HttpResponse<byte[]> put(String rawPath, byte[] data) {
        return send(at(filer.url(), rawPath).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
    }

    private static HttpResponse<byte[]> postMultipart(String rawPath, String fileName, byte[] data) {
        String boundary = "hayloft-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(data, 0, body, head.length, data.length);
        System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
        return send(at(filer.url(), rawPath).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<byte[]> post(String rawPath) {
        return send(at(filer.url(), rawPath).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<byte[]> delete(String rawPath) {
        return send(at(filer.url(), rawPath).DELETE());
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode listing(String dirPath) {
        HttpResponse<byte[]> r = get(filer.url(), dirPath, "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return json(r);
    }

    private static List<String> names(String dirPath) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : listing(dirPath).get("Entries")) {
            String full = e.get("FullPath").asString();
            out.add(full.substring(full.lastIndexOf('/') + 1));
        }
        return out;
    }

    private static List<String> chunkFids(String dirPath, String name) {
        List<String> fids = new ArrayList<>();
        for (JsonNode e : listing(dirPath).get("Entries")) {
            if (e.get("FullPath").asString().endsWith("/" + name)) {
                e.get("chunks").forEach(c -> fids.add(c.get("file_id").asString()));
            }
        }
        return fids;
    }

    private static boolean goneEverywhere(String fid) {
        return volumes.stream().allMatch(v -> get(v.url(), "/" + fid, "").statusCode() == 404);
    }

    private static boolean storedSomewhere(String fid) {
        return volumes.stream().anyMatch(v -> get(v.url(), "/" + fid, "").statusCode() == 200);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void putListGetAndRangeReadThroughTheCluster() throws Exception {
        byte[] big = randomBytes(3 * CHUNK + 500);
        byte[] small = "hello banana".getBytes(StandardCharsets.UTF_8);
        byte[] multi = randomBytes(CHUNK + 10);

        HttpResponse<byte[]> created = put("/tmp/banana/big.bin?maxMB=0&md5=true", big);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("size").asLong()).isEqualTo(big.length);
        assertThat(json(created).get("eTag").asString()).as("seed " + SEED).isEqualTo(md5(big));
        assertThat(created.headers().firstValue("ETag")).contains("\"" + md5(big) + "\"");
        assertThat(put("/tmp/banana/small.txt", small).statusCode()).isEqualTo(201);
        assertThat(postMultipart("/tmp/banana/", "multi.txt", multi).statusCode()).isEqualTo(201);

        assertThat(names("/tmp/banana/")).containsExactly("big.bin", "multi.txt", "small.txt");
        assertThat(chunkFids("/tmp/banana/", "big.bin")).hasSize(4);
        assertThat(get("/tmp/banana/big.bin").body()).isEqualTo(big);
        assertThat(get("/tmp/banana/small.txt").body()).isEqualTo(small);
        HttpResponse<byte[]> multiGet = get("/tmp/banana/multi.txt");
        assertThat(multiGet.body()).isEqualTo(multi);
        assertThat(multiGet.headers().firstValue("Content-Type")).contains("text/plain");

        HttpResponse<byte[]> ranged = send(at(filer.url(), "/tmp/banana/big.bin")
                .header("Range", "bytes=" + (CHUNK - 100) + "-" + (2 * CHUNK + 99)).GET());
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.headers().firstValue("Content-Range"))
                .contains("bytes " + (CHUNK - 100) + "-" + (2 * CHUNK + 99) + "/" + big.length);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(big, CHUNK - 100, 2 * CHUNK + 100));

        String eTag = get("/tmp/banana/big.bin").headers().firstValue("ETag").orElseThrow();
        assertThat(send(at(filer.url(), "/tmp/banana/big.bin").header("If-None-Match", eTag).GET()).statusCode())
                .isEqualTo(304);
        HttpResponse<byte[]> head = send(at(filer.url(), "/tmp/banana/big.bin")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.headers().firstValue("Content-Length")).contains(Long.toString(big.length));
        assertThat(head.headers().firstValue("Last-Modified")).isPresent();
        assertThat(send(at(filer.url(), "/tmp/banana/big.bin").header("Range", "bytes=999999999-").GET())
                .statusCode()).isEqualTo(416);
    }

    @Test
    void bodyLargerThanTheIntakeBufferStreamsInChunksOfMaxMB() throws Exception {
        byte[] data = randomBytes(3 * (1 << 20) + 11);

        HttpResponse<byte[]> created = send(at(filer.url(), "/stream/three-mib.bin?maxMB=1")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)));

        assertThat(created.statusCode()).isEqualTo(201);
        String eTag = json(created).get("eTag").asString();
        assertThat(eTag).as("a file of several chunks: an ETag from its chunks, not the MD5").endsWith("-4")
                .doesNotContain(md5(data));
        assertThat(chunkFids("/stream/", "three-mib.bin")).hasSize(4);
        HttpResponse<byte[]> read = get("/stream/three-mib.bin");
        assertThat(read.body()).isEqualTo(data);
        assertThat(read.headers().firstValue("ETag")).contains("\"" + eTag + "\"");
        assertThat(created.headers().firstValue("ETag")).contains("\"" + eTag + "\"");
    }

    @Test
    void contentMd5IsCheckedBeforeTheFileIsCommitted() throws Exception {
        byte[] data = randomBytes(2 * (1 << 20) + 3);
        byte[] other = randomBytes(2 * (1 << 20) + 3);
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));

        HttpResponse<byte[]> accepted = send(at(filer.url(), "/md5/f.bin?maxMB=1").header("Content-MD5", good)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(json(accepted).get("eTag").asString()).isEqualTo(md5(data));

        HttpResponse<byte[]> refused = send(at(filer.url(), "/md5/f.bin?maxMB=1").header("Content-MD5", good)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(other)));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("error").asString()).contains("Content-MD5");
        HttpResponse<byte[]> malformed = send(at(filer.url(), "/md5/f.bin").header("Content-MD5", "not-a-digest")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(other)));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(send(at(filer.url(), "/md5/f.bin?md5=maybe").PUT(HttpRequest.BodyPublishers.ofByteArray(other)))
                .statusCode()).isEqualTo(400);

        HttpResponse<byte[]> kept = get("/md5/f.bin");
        assertThat(kept.body()).as("the refused writes changed nothing").isEqualTo(data);
        assertThat(kept.headers().firstValue("ETag")).contains("\"" + md5(data) + "\"");
    }

    @Test
    void listingPagesWithLimitAndLastFileNameInclusiveOrNotAndRendersHtmlForBrowsers() {
        for (String n : List.of("c", "a", "e", "b", "d")) {
            assertThat(put("/pages/" + n, n.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        }
        JsonNode first = listing("/pages/?limit=2");
        assertThat(first.get("Path").asString()).isEqualTo("/pages");
        assertThat(first.get("ShouldDisplayLoadMore").asBoolean()).isTrue();
        assertThat(first.get("LastFileName").asString()).isEqualTo("b");
        JsonNode rest = listing("/pages/?limit=10&lastFileName=b");
        assertThat(rest.get("Entries")).hasSize(3);
        assertThat(rest.get("ShouldDisplayLoadMore").asBoolean()).isFalse();

        JsonNode from = listing("/pages/?limit=2&lastFileName=b&inclusive=true");
        assertThat(from.get("Entries").get(0).get("FullPath").asString()).isEqualTo("/pages/b");
        assertThat(from.get("LastFileName").asString()).isEqualTo("c");
        JsonNode fromMissing = listing("/pages/?limit=10&lastFileName=bb&inclusive=true");
        assertThat(fromMissing.get("Entries").get(0).get("FullPath").asString()).isEqualTo("/pages/c");

        // curl's */*: the plain listing, paged by the server
        HttpResponse<byte[]> html = get(filer.url(), "/pages/?limit=2", "*/*");
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(new String(html.body(), StandardCharsets.UTF_8)).contains("href=\"/pages/a\"", "next page");
        // a browser: the file browser page, which lists through the JSON itself
        HttpResponse<byte[]> page = get(filer.url(), "/pages/", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>Hayloft filer</title>",
                "id=\"upload-input\"").doesNotContain("href=\"/pages/a\"");
    }

    @Test
    void mkdirAndRenameOfADirectoryMoveTheWholeSubtree() {
        assertThat(post("/mv/empty/").statusCode()).isEqualTo(201);
        byte[] data = randomBytes(2 * CHUNK + 1);
        assertThat(put("/mv/src/sub/f.bin", data).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> moved = post("/mv/dst?mv.from=/mv/src");

        assertThat(moved.statusCode()).as(new String(moved.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(get("/mv/src/sub/f.bin").statusCode()).isEqualTo(404);
        assertThat(get("/mv/dst/sub/f.bin").body()).isEqualTo(data);
        assertThat(names("/mv/")).containsExactly("dst", "empty");
    }

    @Test
    void deletedFileDisappearsAtOnceAndItsChunksAreCollectedFromTheVolumeServers() {
        byte[] data = randomBytes(2 * CHUNK + 7);
        assertThat(put("/gc/doomed.bin", data).statusCode()).isEqualTo(201);
        List<String> fids = chunkFids("/gc/", "doomed.bin");
        assertThat(fids).hasSize(3).allSatisfy(fid -> assertThat(storedSomewhere(fid)).isTrue());

        assertThat(delete("/gc/doomed.bin").statusCode()).isEqualTo(204);

        assertThat(get("/gc/doomed.bin").statusCode()).isEqualTo(404);
        Await.until("chunks of a deleted file removed", Duration.ofSeconds(20),
                () -> fids.stream().allMatch(FilerServerTest::goneEverywhere));
    }

    @Test
    void overwriteQueuesTheOldChunksForCollection() {
        assertThat(put("/gc/over.bin", randomBytes(CHUNK + 1)).statusCode()).isEqualTo(201);
        List<String> old = chunkFids("/gc/", "over.bin");
        byte[] replacement = randomBytes(CHUNK + 2);

        assertThat(put("/gc/over.bin", replacement).statusCode()).isEqualTo(201);

        assertThat(get("/gc/over.bin").body()).isEqualTo(replacement);
        Await.until("replaced chunks removed", Duration.ofSeconds(20),
                () -> old.stream().allMatch(FilerServerTest::goneEverywhere));
    }

    @Test
    void entriesAndPendingDeletionsSurviveAFilerRestart() {
        Path dir = root.resolve("restart-filer");
        byte[] kept = randomBytes(CHUNK + 3);
        List<String> doomed;
        try (FilerServer paused = FilerServer.start(filerConfig(dir).withCollectDeletions(false))) {
            String url = paused.url();
            assertThat(send(at(url, "/r/kept.bin").POST(HttpRequest.BodyPublishers.ofByteArray(kept))).statusCode())
                    .isEqualTo(201);
            assertThat(send(at(url, "/r/doomed.bin").POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes(CHUNK + 5))))
                    .statusCode()).isEqualTo(201);
            doomed = new ArrayList<>();
            for (JsonNode e : json(get(url, "/r/", "application/json")).get("Entries")) {
                if (e.get("FullPath").asString().endsWith("doomed.bin")) {
                    e.get("chunks").forEach(c -> doomed.add(c.get("file_id").asString()));
                }
            }
            assertThat(send(at(url, "/r/doomed.bin").DELETE()).statusCode()).isEqualTo(204);
        }
        assertThat(doomed).hasSize(2).allSatisfy(fid -> assertThat(storedSomewhere(fid)).isTrue());

        try (FilerServer restarted = FilerServer.start(filerConfig(dir))) {
            assertThat(get(restarted.url(), "/r/kept.bin", "").body()).isEqualTo(kept);
            assertThat(get(restarted.url(), "/r/doomed.bin", "").statusCode()).isEqualTo(404);
            Await.until("queued deletions finished after restart", Duration.ofSeconds(20),
                    () -> doomed.stream().allMatch(FilerServerTest::goneEverywhere));
        }
    }

    @Test
    void fileWhoseFirstChunkIsGoneAnswersAJsonErrorWhoseLengthIsItsOwn() {
        byte[] data = randomBytes(3 * CHUNK + 7);
        assertThat(put("/damaged/first.bin", data).statusCode()).isEqualTo(201);
        String lost = chunkFids("/damaged/", "first.bin").getFirst();
        removeBlob(lost);

        for (String range : List.of("", "bytes=0-99", "bytes=" + (CHUNK - 1) + "-" + (2 * CHUNK), "bytes=-5")) {
            HttpRequest.Builder b = at(filer.url(), "/damaged/first.bin").timeout(Duration.ofSeconds(20)).GET();
            if (!range.isEmpty() && !range.equals("bytes=-5")) {
                b.header("Range", range);
            }
            HttpResponse<byte[]> r = send(b);
            assertThat(r.statusCode()).as("range '%s'", range).isEqualTo(500);
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
            assertThat(r.headers().firstValue("Content-Range")).isEmpty();
            assertThat(r.headers().firstValue("ETag")).isEmpty();
            assertThat(json(r).get("error").asString()).contains(lost).contains("/damaged/first.bin");
        }
        HttpResponse<byte[]> tail = send(at(filer.url(), "/damaged/first.bin").header("Range", "bytes=-5").GET());
        assertThat(tail.statusCode()).as("a range that misses the lost chunk").isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(data, data.length - 5, data.length));
    }

    @Test
    void fileWhoseLaterChunkIsGoneBreaksTheConnectionInsteadOfLeavingTheClientWaiting() {
        byte[] data = randomBytes(4 * CHUNK);
        assertThat(put("/damaged/later.bin", data).statusCode()).isEqualTo(201);
        removeBlob(chunkFids("/damaged/", "later.bin").get(2));

        HttpRequest request = at(filer.url(), "/damaged/later.bin").timeout(Duration.ofSeconds(20)).GET().build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .as("the body ends early with the connection, not at the request timeout")
                .isInstanceOf(java.io.IOException.class)
                .isNotInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(get("/damaged/later.bin?metadata=true").statusCode()).as("the filer still serves").isEqualTo(200);
    }

    private static void removeBlob(String fid) {
        for (VolumeServer v : volumes) {
            send(at(v.url(), "/" + fid).DELETE());
        }
        assertThat(storedSomewhere(fid)).isFalse();
    }

    @Test
    void badInputIsA4xxAndChangesNothing() {
        assertThat(put("/bad/dir/f", "x".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        List<String> before = names("/bad/");

        assertThat(put("/bad/../escape", new byte[10]).statusCode()).isEqualTo(400);
        assertThat(put("/bad/%2E%2E/escape", new byte[10]).statusCode()).isEqualTo(400);
        assertThat(put("/bad/nul%00name", new byte[10]).statusCode()).isEqualTo(400);
        assertThat(put("/bad/" + "n".repeat(256), new byte[10]).statusCode()).isEqualTo(400);
        assertThat(put("/bad/x?maxMB=abc", new byte[10]).statusCode()).isEqualTo(400);
        assertThat(put("/bad/x?replication=abc", new byte[10]).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> intoItself = post("/bad/dir/inner?mv.from=/bad/dir");
        assertThat(intoItself.statusCode()).isEqualTo(400);
        assertThat(json(intoItself).get("error").asString()).contains("into itself");
        assertThat(delete("/bad/dir").statusCode()).isEqualTo(409);
        assertThat(delete("/bad/missing").statusCode()).isEqualTo(404);
        assertThat(put("/bad/dir/f/under-a-file", new byte[10]).statusCode()).isEqualTo(409);

        assertThat(names("/bad/")).isEqualTo(before);
        assertThat(names("/bad/dir/")).containsExactly("f");
        assertThat(delete("/bad/dir?recursive=true").statusCode()).isEqualTo(204);
        assertThat(names("/bad/")).isEmpty();
    }
}
