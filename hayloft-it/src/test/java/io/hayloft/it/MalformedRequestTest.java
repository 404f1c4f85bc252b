package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Requests no well-behaved client sends (bad percent escapes in the query or the path, overlong
 * request lines, bad headers, no Host, bad chunked bodies, unknown HTTP versions, unknown upload
 * parameters): every role answers each, in time, with a 4xx JSON {@code {"error","code"}}, and stays
 * able to serve.
 */
class MalformedRequestTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path root;
    static LocalCluster cluster;
    static FilerServer filer;
    static String master;
    static String volume;
    static String fid;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(root, c -> c);
        volume = cluster.addVolumeServer(7, "dc1", "rack1").url();
        filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl()));
        master = cluster.masterUrl();
        fid = TestHttp.json(TestHttp.get(master, "/dir/assign")).get("fid").asString();
        assertThat(TestHttp.postFile(volume, "/" + fid, "a.txt", "kept".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (filer != null) {
            filer.close();
        }
        cluster.close();
    }

    private static Map<String, String> roles() {
        return Map.of("master", master, "volume", volume, "filer", filer.url());
    }

    /** Sends {@code request} and checks the answer is a 4xx JSON error with {@code error} and {@code code}. */
    static RawHttp.Answer assertJson4xx(String role, String hostPort, String request) {
        RawHttp.Answer a = RawHttp.send(hostPort, request, DEADLINE);
        String what = role + " <- " + request.substring(0, Math.min(request.length(), 120)).replace("\r\n", "\\r\\n");
        assertThat(a.timedOut()).as(what + ": answered in time").isFalse();
        assertThat(a.status()).as(what + ": " + a).isBetween(400, 499);
        assertThat(a.header("Content-Type")).as(what + ": " + a).startsWith("application/json");
        JsonNode body = a.json();
        assertThat(body).as(what + ": JSON body " + a).isNotNull();
        assertThat(body.path("error").asString("")).as(what + ": error " + a).isNotBlank();
        assertThat(body.path("code").asString("")).as(what + ": code " + a).isNotBlank();
        return a;
    }

    private static String get(String pathAndQuery) {
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String post(String pathAndQuery, String body) {
        return "POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static void assertStillServes() {
        for (var role : roles().entrySet()) {
            HttpResponse<byte[]> r = TestHttp.get(role.getValue(), role.getKey().equals("master") ? "/cluster/status" : "/status");
            assertThat(r.statusCode()).as(role.getKey()).isEqualTo(200);
        }
        HttpResponse<byte[]> read = TestHttp.get(volume, "/" + fid);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(TestHttp.text(read)).isEqualTo("kept");
    }

    @Test
    void aBadPercentEscapeInTheQueryIs400Json() {
        assertJson4xx("master", master, get("/dir/assign?collection=%zz"));
        assertJson4xx("master", master, get("/dir/lookup?volumeId=%"));
        assertJson4xx("master", master, post("/submit?collection=%zz", "x"));
        for (var role : roles().entrySet()) {
            assertJson4xx(role.getKey(), role.getValue(), get("/status?%"));
            assertJson4xx(role.getKey(), role.getValue(), get("/status?pretty=%zz"));
        }
        assertJson4xx("volume", volume, post("/" + fid + "?ttl=%zz", "evil"));
        assertJson4xx("volume", volume, get("/" + fid + "?dl=%g1"));
        assertJson4xx("filer", filer.url(), get("/ref/?limit=%zz"));
        assertJson4xx("filer", filer.url(), post("/ref/a.txt?ttl=%zz", "x"));
        assertJson4xx("filer", filer.url(), "DELETE /ref?recursive=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertStillServes();
    }

    @Test
    void aBadPercentEscapeOrNulInThePathIs400Json() {
        for (var role : roles().entrySet()) {
            for (String path : List.of("/%zz", "/%", "/a%00b", "/dir/%zzassign", "/" + "%e2%82")) {
                RawHttp.Answer a = assertJson4xx(role.getKey(), role.getValue(), get(path));
                assertThat(a.status()).as(role + " " + path).isIn(400, 404);
            }
        }
        assertJson4xx("volume", volume, post("/%zz" + fid, "evil"));
        assertStillServes();
    }

    @Test
    void anOverlongRequestLineOrHeaderIs4xxJson() {
        String longPath = "/" + "a".repeat(20_000);
        for (var role : roles().entrySet()) {
            assertJson4xx(role.getKey(), role.getValue(), get(longPath));
            assertJson4xx(role.getKey(), role.getValue(),
                    "GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
            assertJson4xx(role.getKey(), role.getValue(),
                    "GET /status HTTP/1.1\r\nHost: x\r\nno colon here\r\nConnection: close\r\n\r\n");
        }
        assertStillServes();
    }

    @Test
    void aRequestWithoutHostIsServedOr400Json() {
        for (var role : roles().entrySet()) {
            String status = role.getKey().equals("master") ? "/cluster/status" : "/status";
            RawHttp.Answer a = RawHttp.send(role.getValue(), "GET " + status + " HTTP/1.1\r\nConnection: close\r\n\r\n", DEADLINE);
            assertThat(a.status()).as(role + ": " + a).isIn(200, 400);
            if (a.status() == 400) {
                assertJson4xx(role.getKey(), role.getValue(), "GET " + status + " HTTP/1.1\r\nConnection: close\r\n\r\n");
            }
            RawHttp.Answer http10 = RawHttp.send(role.getValue(), "GET " + status + " HTTP/1.0\r\n\r\n", DEADLINE);
            assertThat(http10.status()).as(role + ": " + http10).isEqualTo(200);
        }
        assertStillServes();
    }

    @Test
    void anUnknownHttpVersionIs505Json() {
        for (var role : roles().entrySet()) {
            for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "FOO/1.1")) {
                RawHttp.Answer a = assertJson4xxOr505(role.getKey(), role.getValue(),
                        "GET /status " + version + "\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(a.status()).as(role + " " + version).isIn(400, 505);
            }
        }
        assertStillServes();
    }

    private static RawHttp.Answer assertJson4xxOr505(String role, String hostPort, String request) {
        RawHttp.Answer a = RawHttp.send(hostPort, request, DEADLINE);
        assertThat(a.status()).as(role + ": " + a).isIn(400, 505);
        assertThat(a.header("Content-Type")).as(role + ": " + a).startsWith("application/json");
        assertThat(a.json().path("error").asString("")).as(role + ": " + a).isNotBlank();
        return a;
    }

    @Test
    void aMalformedChunkedBodyIs400Json() {
        String head = " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\n\r\n";
        String bad = "zz\r\nabc\r\n0\r\n\r\n";
        String fresh = TestHttp.json(TestHttp.get(master, "/dir/assign")).get("fid").asString();
        assertJson4xx("master", master, "POST /submit" + head + bad);
        assertJson4xx("volume", volume, "POST /" + fresh + head + bad);
        assertJson4xx("filer", filer.url(), "POST /chunked/a.txt" + head + bad);
        assertThat(TestHttp.get(volume, "/" + fresh).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(filer.url(), "/chunked/a.txt").statusCode()).isEqualTo(404);
        assertStillServes();
    }

    @Test
    void anUnknownUploadParameterIs400JsonAndWritesNothing() {
        String fresh = TestHttp.json(TestHttp.get(master, "/dir/assign")).get("fid").asString();
        RawHttp.Answer v = assertJson4xx("volume", volume, post("/" + fresh + "?bogus=1", "x"));
        assertThat(v.status()).isEqualTo(400);
        assertThat(v.json().get("error").asString()).contains("bogus");
        assertThat(TestHttp.get(volume, "/" + fresh).statusCode()).isEqualTo(404);
        RawHttp.Answer f = assertJson4xx("filer", filer.url(), post("/params/a.txt?bogus=1", "x"));
        assertThat(f.status()).isEqualTo(400);
        assertThat(TestHttp.get(filer.url(), "/params/a.txt").statusCode()).isEqualTo(404);
        // what SeaweedFS clients send keeps working
        assertThat(TestHttp.postFile(volume, "/" + fresh + "?ttl=&ts=1700000000&cm=false&type=&collection=&replication=",
                "b.txt", "b".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        assertThat(TestHttp.postFile(filer.url(), "/params/b.txt?collection=&replication=&ttl=&maxMB=4&dataCenter=",
                "b.txt", "b".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        assertStillServes();
    }

    /** Issue 9, item 7: the master's status reads answered any method. */
    @Test
    void aStatusReadWithAnotherMethodIs405Json() {
        for (String path : List.of("/dir/status", "/vol/status", "/cluster/status")) {
            for (String method : List.of("POST", "DELETE", "PUT")) {
                RawHttp.Answer a = assertJson4xx("master", master, method + " " + path
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                assertThat(a.status()).as(method + " " + path).isEqualTo(405);
            }
            assertThat(TestHttp.get(master, path).statusCode()).isEqualTo(200);
        }
    }

    /** Issue 9, item 7: a node id was handed out for any address. */
    @Test
    void aNodeIdForAMalformedAddressIs400() {
        for (String address : List.of("garbage", "127.0.0.1:99999", "..%2F..:1", "a b:80")) {
            RawHttp.Answer a = assertJson4xx("master", master, post("/internal/node/id?address=" + address.replace(" ", "%20"), ""));
            assertThat(a.status()).as(address + ": " + a).isEqualTo(400);
        }
    }

    /** Issue 9, item 4: a peer address out of range blocked the copy for two minutes. */
    @Test
    void aCopyFromABadSourceIs400AtOnce() {
        for (String source : List.of("127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:-1", "..%2F..:1", "127.0.0.1",
                "a b:80", "127.0.0.1:8x", ":80", "[::1:80", "x:080000")) {
            long start = System.nanoTime();
            RawHttp.Answer a = assertJson4xx("volume", volume, post("/admin/volume/copy?volume=9&source=" + source.replace(" ", "%20"), ""));
            assertThat(a.status()).as(source + ": " + a).isEqualTo(400);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(source).isLessThan(Duration.ofSeconds(5));
        }
        assertStillServes();
    }

    /** An HTTP/2 client (the JDK's default upgrades to h2c) has no Host header, only :authority: served. */
    @Test
    void anHttp2ClientIsServed() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newHttpClient();
        for (var role : roles().entrySet()) {
            String path = role.getKey().equals("master") ? "/cluster/status" : "/status";
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = h2.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + role.getValue() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(role + " " + r.version() + " " + r.body()).isEqualTo(200);
            }
        }
    }
}
