package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every kind of bad request gets a clear 4xx JSON error and changes nothing. */
class BadInputTest {
    @TempDir
    static Path root;
    static LocalCluster cluster;
    static String volumeUrl;
    static String fid;
    static final byte[] DATA = "the original bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(root, c -> c);
        volumeUrl = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(7)).withFileSizeLimit(64 * 1024)).url();
        JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
        fid = a.get("fid").asString();
        assertThat(TestHttp.postFile(volumeUrl, "/" + fid, "orig.txt", DATA).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void assertJsonError(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(TestHttp.json(r).get("error").asString()).isNotBlank();
    }

    private static void assertNothingChanged() {
        HttpResponse<byte[]> r = TestHttp.get(volumeUrl, "/" + fid);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(DATA);
        JsonNode status = TestHttp.json(TestHttp.get(volumeUrl, "/status"));
        long files = 0;
        for (JsonNode v : status.get("Volumes")) {
            files += v.get("FileCount").asLong();
        }
        assertThat(files).isEqualTo(1);
    }

    @Test
    void malformedFidsAre400() {
        for (String path : new String[] {"/3,zz", "/0,01637037d6", "/3,01", "/abc,01637037d6", "/3,01637037d6_x"}) {
            assertJsonError(TestHttp.get(volumeUrl, path), 400);
            assertJsonError(TestHttp.postFile(volumeUrl, path, "x", DATA), 400);
            assertJsonError(TestHttp.delete(volumeUrl, path), 400);
        }
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/lookup?fileId=3,zz"), 400);
        assertNothingChanged();
    }

    @Test
    void wrongCookieIsNotFoundAndDoesNotDelete() {
        String wrong = fid.substring(0, fid.length() - 1) + (fid.endsWith("0") ? "1" : "0");
        assertJsonError(TestHttp.get(volumeUrl, "/" + wrong), 404);
        assertJsonError(TestHttp.delete(volumeUrl, "/" + wrong), 404);
        HttpResponse<byte[]> overwrite = TestHttp.postFile(volumeUrl, "/" + wrong, "evil", "evil".getBytes(StandardCharsets.UTF_8));
        assertThat(overwrite.statusCode()).isBetween(400, 499);
        assertNothingChanged();
    }

    @Test
    void oversizedBodyIs413() {
        JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
        assertJsonError(TestHttp.postFile(volumeUrl, "/" + a.get("fid").asString(), "big", new byte[65 * 1024]), 413);
        assertJsonError(TestHttp.postRaw(volumeUrl, "/" + a.get("fid").asString(), "application/octet-stream",
                new byte[65 * 1024]), 413);
        assertThat(TestHttp.get(volumeUrl, "/" + a.get("fid").asString()).statusCode()).isEqualTo(404);
        assertNothingChanged();
    }

    @Test
    void truncatedMultipartIs400() {
        JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
        byte[] whole = TestHttp.multipart("XYZ", "t.bin", "application/octet-stream", new byte[2000]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 500);
        assertJsonError(TestHttp.postRaw(volumeUrl, "/" + a.get("fid").asString(),
                "multipart/form-data; boundary=XYZ", cut), 400);
        assertThat(TestHttp.get(volumeUrl, "/" + a.get("fid").asString()).statusCode()).isEqualTo(404);
        assertNothingChanged();
    }

    @Test
    void unknownParametersAre400() {
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?bogus=1"), 400);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/lookup?volumeId=1&nope=2"), 400);
        assertJsonError(TestHttp.postRaw(volumeUrl, "/admin/volume/allocate?volume=99&bogus=1", "text/plain",
                new byte[0]), 400);
        assertNothingChanged();
    }

    @Test
    void nonNumericCountsAndBadCodesAre406LikeSeaweedFs() {
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?count=abc"), 406);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?count=0"), 406);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?replication=abc"), 406);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?ttl=5q"), 406);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/assign?collection=..%2Fetc"), 406);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/lookup?volumeId=x"), 400);
        assertJsonError(TestHttp.get(cluster.masterUrl(), "/dir/lookup?volumeId=424242"), 404);
        assertNothingChanged();
    }
}
