package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Seed 001's single-machine story, request by request, against real servers on loopback. */
class SeedFlowsTest {
    @TempDir
    Path root;

    @Test
    void submitStoresAFileAndItReadsBackFromTheFileUrl() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(7, "", "");
            byte[] pdf = randomBytes(548_840, 1);
            // curl -F "file=@/tmp/test.pdf" "127.0.0.1:9333/submit"
            HttpResponse<byte[]> r = TestHttp.postFile(cluster.masterUrl(), "/submit", "test.pdf", pdf);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode body = TestHttp.json(r);
            assertThat(body.get("fileName").asString()).isEqualTo("test.pdf");
            assertThat(body.get("size").asLong()).isEqualTo(548_840);
            assertThat(body.get("fid").asString()).matches("\\d+,[0-9a-f]{9,24}");
            assertThat(body.get("eTag").asString()).matches("[0-9a-f]{8}");
            String fileUrl = body.get("fileUrl").asString();
            assertThat(fileUrl).endsWith("/" + body.get("fid").asString());

            HttpResponse<byte[]> read = TestHttp.get(fileUrl, "");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(pdf);
        }
    }

    @Test
    void collectionsGrowAllFreeSlotsAndOtherCollectionsFindNone() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            // weed volume -dir="/tmp/data1" -max=5 -mserver="localhost:9333" -port=8080
            VolumeServer vs = cluster.addVolumeServer(5, "", "");
            // curl "http://127.0.0.1:9333/dir/assign?collection=pictures"
            HttpResponse<byte[]> first = TestHttp.get(cluster.masterUrl(), "/dir/assign?collection=pictures");
            assertThat(first.statusCode()).as(TestHttp.text(first)).isEqualTo(200);
            JsonNode a = TestHttp.json(first);
            assertThat(a.get("fid").asString()).matches("\\d+,[0-9a-f]{9,24}");
            assertThat(a.get("url").asString()).isEqualTo(vs.url());
            assertThat(a.get("publicUrl").asString()).isEqualTo(vs.publicUrl());
            assertThat(a.get("count").isNumber()).isTrue();
            assertThat(a.get("count").asInt()).isEqualTo(1);

            // curl "http://127.0.0.1:9333/dir/assign?collection=mp3"  -> {"error":"No free volumes left!"}
            HttpResponse<byte[]> mp3 = TestHttp.get(cluster.masterUrl(), "/dir/assign?collection=mp3");
            assertThat(mp3.statusCode()).isEqualTo(406);
            assertThat(TestHttp.text(mp3)).isEqualTo("{\"error\":\"No free volumes left!\",\"code\":\"NOT_ACCEPTABLE\"}");

            // curl "http://127.0.0.1:9333/dir/assign?collection=pictures" -> works again
            assertThat(TestHttp.get(cluster.masterUrl(), "/dir/assign?collection=pictures").statusCode())
                    .isEqualTo(200);

            // ls /tmp/data1: pictures_1.dat pictures_1.idx ... pictures_5.dat pictures_5.idx
            try (Stream<Path> files = Files.list(root.resolve("volume0"))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dat")).sorted())
                        .hasSize(5)
                        .allMatch(n -> n.matches("pictures_\\d+\\.dat"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void assignUploadLookupDownloadDelete() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer vs = cluster.addVolumeServer(7, "", "");
            JsonNode assign = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
            String fid = assign.get("fid").asString();
            String url = assign.get("url").asString();
            byte[] json = "{\"hello\":\"hayloft\"}".getBytes(StandardCharsets.UTF_8);

            // curl -v -F "file=@/tmp/test.json" localhost:8081/5,1ce2111f1
            HttpResponse<byte[]> up = TestHttp.postFile(url, "/" + fid, "test.json", json);
            assertThat(up.statusCode()).as(TestHttp.text(up)).isEqualTo(201);
            JsonNode upBody = TestHttp.json(up);
            assertThat(upBody.get("name").asString()).isEqualTo("test.json");
            assertThat(upBody.get("size").asLong()).isEqualTo(json.length);
            assertThat(up.headers().firstValue("ETag")).contains("\"" + upBody.get("eTag").asString() + "\"");

            // curl "localhost:9333/dir/lookup?volumeId=4&pretty=y"
            String vid = fid.substring(0, fid.indexOf(','));
            HttpResponse<byte[]> lookup = TestHttp.get(cluster.masterUrl(), "/dir/lookup?volumeId=" + vid + "&pretty=y");
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(lookup)).contains("\n");
            JsonNode l = TestHttp.json(lookup);
            assertThat(l.get("volumeId").asString()).isEqualTo(vid);
            assertThat(l.get("volumeOrFileId").asString()).isEqualTo(vid);
            assertThat(l.get("locations")).hasSize(1);
            assertThat(l.get("locations").get(0).get("url").asString()).isEqualTo(vs.url());
            assertThat(l.get("locations").get(0).get("publicUrl").asString()).isEqualTo(vs.publicUrl());
            assertThat(TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/lookup?fileId=" + fid))
                    .get("locations")).hasSize(1);

            HttpResponse<byte[]> down = TestHttp.get(url, "/" + fid);
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.body()).isEqualTo(json);
            assertThat(TestHttp.get(url, "/" + vid + "/" + fid.substring(fid.indexOf(',') + 1) + "/test.json").body())
                    .isEqualTo(json);

            // the master redirects GET /<fid> to a replica
            HttpResponse<byte[]> redirect = TestHttp.get(cluster.masterUrl(), "/" + fid);
            assertThat(redirect.statusCode()).isBetween(301, 308);
            assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                    loc -> assertThat(loc).endsWith(vs.publicUrl() + "/" + fid));

            HttpResponse<byte[]> del = TestHttp.delete(url, "/" + fid);
            assertThat(del.statusCode()).isEqualTo(202);
            assertThat(TestHttp.json(del).get("size").asLong()).isEqualTo(json.length);
            assertThat(TestHttp.get(url, "/" + fid).statusCode()).isEqualTo(404);
            assertThat(TestHttp.delete(url, "/" + fid).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void assignCountReservesConsecutiveKeys() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(7, "", "");
            JsonNode assign = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign?count=3"));
            assertThat(assign.get("count").asInt()).isEqualTo(3);
            String fid = assign.get("fid").asString();
            String url = assign.get("url").asString();
            for (String f : new String[] {fid, fid + "_1", fid + "_2"}) {
                byte[] data = f.getBytes(StandardCharsets.UTF_8);
                assertThat(TestHttp.postFile(url, "/" + f, "f.txt", data).statusCode()).isEqualTo(201);
                assertThat(TestHttp.get(url, "/" + f).body()).isEqualTo(data);
            }
            JsonNode next = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
            assertThat(next.get("fid").asString()).isNotIn(fid, fid + "_1", fid + "_2");
        }
    }

    @Test
    void scalingOutAddsRoomWhenEveryVolumeIsFull() {
        // a 1 MiB volume limit and one slot: the first server fills up after a few files
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withVolumeSizeLimit(1024 * 1024))) {
            cluster.addVolumeServer(1, "", "");
            String lastError = null;
            int stored = 0;
            for (int i = 0; i < 12 && lastError == null; i++) {
                HttpResponse<byte[]> r = TestHttp.postFile(cluster.masterUrl(), "/submit", "f" + i,
                        randomBytes(300_000, i));
                if (r.statusCode() == 201) {
                    stored++;
                } else if (TestHttp.text(r).contains("No free volumes left!")) {
                    lastError = TestHttp.text(r);
                }
            }
            assertThat(stored).isBetween(2, 4);
            assertThat(lastError).isEqualTo("{\"error\":\"No free volumes left!\",\"code\":\"NOT_ACCEPTABLE\"}");

            VolumeServer second = cluster.addVolumeServer(1, "", "");
            HttpResponse<byte[]> r = TestHttp.postFile(cluster.masterUrl(), "/submit", "after", randomBytes(1000, 99));
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
            assertThat(TestHttp.json(r).get("fileUrl").asString()).startsWith(second.publicUrl() + "/");
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
