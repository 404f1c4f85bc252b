package io.hayloft.volume.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.http.Json;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecords;
import io.hayloft.storage.VolumeDigest;
import io.hayloft.volume.TestHttp;
import io.hayloft.volume.sync.SyncCluster.Node;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The six sync endpoints of one server: formats, and bad input answered 4xx JSON with nothing changed. */
class SyncRoutesTest {
    @TempDir
    Path dir;
    private SyncCluster cluster;
    private Node node;

    @BeforeEach
    void start() {
        cluster = new SyncCluster(dir, 1, "000", new SyncConfig(Duration.ZERO, Duration.ZERO), null);
        node = cluster.node(0);
        cluster.write(1, node);
        cluster.write(2, node);
        cluster.write(0xfedcba9876543210L, node);
        cluster.delete(2, node);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<byte[]> get(String pathAndQuery) {
        return TestHttp.get(node.base() + pathAndQuery, Map.of());
    }

    private HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body) {
        return TestHttp.send(method, node.base() + pathAndQuery, Map.of("Content-Type", "application/octet-stream"), body);
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return Json.MAPPER.readTree(r.body());
    }

    /** Asserts a JSON error with {@code status}, and that the volume did not change. */
    private void assertRejected(int status, HttpResponse<byte[]> r, long datSizeBefore) {
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r).get("error").asString()).isNotBlank();
        assertThat(node.volume().stats().datSize()).isEqualTo(datSizeBefore);
    }

    /** {@link #assertRejected} for each call, {@code "METHOD /path?query"} sent without a body. */
    private void assertAllRejected(int status, String... calls) {
        long size = datSize();
        for (String call : calls) {
            String[] methodAndPath = call.split(" ", 2);
            HttpResponse<byte[]> r = methodAndPath[0].equals("GET") ? get(methodAndPath[1])
                    : send(methodAndPath[0], methodAndPath[1], null);
            assertRejected(status, r, size);
        }
    }

    /** {@code n} as a volume would hold it: with an append time. */
    private static Needle stamped(Needle n) {
        return new Needle(n.key(), n.cookie(), n.data(), n.name(), n.mime(), n.lastModified(), n.ttl(), n.pairs(),
                n.checksum(), 1_234_567_890L);
    }

    private long datSize() {
        return node.volume().stats().datSize();
    }

    @Test
    void digestListsTheBucketsUnlessAskedNotTo() {
        VolumeDigest d = node.digest();
        JsonNode full = json(get("/admin/volume/sync/digest?volume=5"));
        assertThat(full.get("volume").asInt()).isEqualTo(5);
        assertThat(full.get("liveCount").asLong()).isEqualTo(2);
        assertThat(full.get("digest").asString()).isEqualTo(VolumeDigest.hex(d.digest())).hasSize(16);
        assertThat(full.get("buckets").size()).isEqualTo(VolumeDigest.BUCKETS);
        int b = VolumeDigest.bucket(1);
        assertThat(full.get("buckets").get(b).asString()).isEqualTo(VolumeDigest.hex(d.bucketDigest(b)));
        HttpResponse<byte[]> summary = get("/admin/volume/sync/digest?volume=5&buckets=false");
        assertThat(TestHttp.text(summary)).isEqualTo("{\"volume\":5,\"liveCount\":2,\"digest\":\""
                + VolumeDigest.hex(d.digest()) + "\"}");
    }

    @Test
    void entriesListLiveNeedlesWithCookiesAndDeletedKeysOfTheAskedBuckets() {
        long big = 0xfedcba9876543210L;
        String all = IntStream.of(VolumeDigest.bucket(1), VolumeDigest.bucket(2),
                VolumeDigest.bucket(big)).distinct().mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        JsonNode e = json(get("/admin/volume/sync/entries?volume=5&buckets=" + all));
        assertThat(e.get("volume").asInt()).isEqualTo(5);
        assertThat(e.get("live").size()).isEqualTo(2);
        JsonNode first = e.get("live").get(0);
        assertThat(first.get("key").asString()).isEqualTo("1");
        assertThat(first.get("cookie").asString()).isEqualTo("5eedc0de");
        assertThat(first.get("size").asInt()).isPositive();
        assertThat(e.get("live").get(1).get("key").asString()).isEqualTo("fedcba9876543210");
        assertThat(e.get("deleted").size()).isEqualTo(1);
        assertThat(e.get("deleted").get(0).asString()).isEqualTo("2");

        int other = (VolumeDigest.bucket(1) + 1) % VolumeDigest.BUCKETS;
        if (other != VolumeDigest.bucket(2) && other != VolumeDigest.bucket(big)) {
            JsonNode none = json(get("/admin/volume/sync/entries?volume=5&buckets=" + other));
            assertThat(none.get("live").size()).isZero();
            assertThat(none.get("deleted").size()).isZero();
        }
    }

    @Test
    void needleRoundTripsAsOneRecord() {
        HttpResponse<byte[]> r = get("/admin/volume/needle?volume=5&key=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        Needle n = NeedleRecords.decode(r.body());
        assertThat(n).isEqualTo(node.volume().readStored(1).orElseThrow());

        Needle fresh = Needle.of(0x77, 0x01020304, "fresh".getBytes(StandardCharsets.UTF_8))
                .withName("f.txt");
        Needle stamped = stamped(fresh);
        HttpResponse<byte[]> stored = send("POST", "/admin/volume/needle?volume=5", NeedleRecords.encode(stamped));
        assertThat(TestHttp.text(stored)).isEqualTo("{\"unchanged\":false}");
        assertThat(node.volume().readStored(0x77)).contains(stamped);
        assertThat(TestHttp.text(send("POST", "/admin/volume/needle?volume=5", NeedleRecords.encode(stamped))))
                .isEqualTo("{\"unchanged\":true}");

        assertThat(TestHttp.text(send("DELETE", "/admin/volume/needle?volume=5&key=77", null)))
                .isEqualTo("{\"deleted\":true}");
        assertThat(node.volume().readStored(0x77)).isEmpty();
        assertThat(TestHttp.text(send("DELETE", "/admin/volume/needle?volume=5&key=77", null)))
                .isEqualTo("{\"deleted\":false}");
        assertRejected(404, get("/admin/volume/needle?volume=5&key=77"), datSize());
    }

    @Test
    void badVolumeIsRejected() {
        long size = datSize();
        assertAllRejected(404,
                "GET /admin/volume/sync/digest?volume=99",
                "GET /admin/volume/sync/entries?volume=99&buckets=1",
                "GET /admin/volume/needle?volume=99&key=1",
                "DELETE /admin/volume/needle?volume=99&key=1",
                "POST /admin/volume/sync?volume=99");
        assertRejected(404, send("POST", "/admin/volume/needle?volume=99",
                NeedleRecords.encode(node.volume().readStored(1).orElseThrow())), size);
        assertAllRejected(400,
                "GET /admin/volume/sync/digest?volume=abc",
                "GET /admin/volume/sync/digest?volume=0",
                "GET /admin/volume/sync/digest",
                "POST /admin/volume/sync?volume=-5");
    }

    @Test
    void badParametersAreRejected() {
        assertAllRejected(400,
                "GET /admin/volume/sync/digest?volume=5&buckets=maybe",
                "GET /admin/volume/sync/digest?volume=5&bucket=false",
                "GET /admin/volume/sync/digest?volume=5&volume=6",
                "GET /admin/volume/sync/entries?volume=5",
                "GET /admin/volume/sync/entries?volume=5&buckets=1024",
                "GET /admin/volume/sync/entries?volume=5&buckets=-1",
                "GET /admin/volume/sync/entries?volume=5&buckets=1,,2",
                "GET /admin/volume/sync/entries?volume=5&buckets=1,x",
                "POST /admin/volume/sync?volume=5&apply=maybe",
                "POST /admin/volume/sync?volume=5&force=true");
    }

    @Test
    void badKeyIsRejected() {
        assertAllRejected(400,
                "GET /admin/volume/needle?volume=5",
                "GET /admin/volume/needle?volume=5&key=xyz",
                "GET /admin/volume/needle?volume=5&key=1fedcba9876543210",
                "GET /admin/volume/needle?volume=5&key=-1",
                "DELETE /admin/volume/needle?volume=5&key=",
                "DELETE /admin/volume/needle?volume=5&key=0x1");
        assertThat(node.volume().readStored(1)).isPresent();
    }

    @Test
    void badRecordBodyIsRejected() {
        long size = datSize();
        byte[] good = NeedleRecords.encode(stamped(SyncCluster.needle(0x55)));
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", "not a record".getBytes(StandardCharsets.UTF_8)),
                size);
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", new byte[0]), size);
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", Arrays.copyOf(good, good.length - 8)), size);
        byte[] longer = Arrays.copyOf(good, good.length + 8);
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", longer), size);
        byte[] corrupt = good.clone();
        corrupt[20] ^= 0x01; // first data byte: the CRC no longer matches
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", corrupt), size);
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5&key=55", good), size);
        // a needle never written has no append time: not a record a volume holds
        assertRejected(400, send("POST", "/admin/volume/needle?volume=5", NeedleRecords.encode(SyncCluster.needle(0x55))),
                size);
        assertThat(node.volume().readStored(0x55)).isEmpty();
        // the same connection pool still works after the rejections
        assertThat(send("POST", "/admin/volume/needle?volume=5", good).statusCode()).isEqualTo(200);
        assertThat(node.volume().readStored(0x55)).isPresent();
    }
}
