package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Throws malformed requests, as raw bytes over sockets, at each role of an in-process cluster:
 * bad request lines, methods, versions, percent escapes, path spellings, headers, Content-Lengths,
 * chunked encodings, multipart bodies, fids and parameters. Each must be answered within a deadline,
 * never with a 5xx, every 4xx as JSON with {@code error}; the server must still serve afterwards,
 * and nothing written before may change (a needle, a filer file, the volume count).
 *
 * <p>Seeded: {@code -Dhayloft.fuzz.seed=N} replays a run ({@code random} draws a new seed); a failure
 * prints the seed and the request.
 * Bounded by {@code -Dhayloft.fuzz.requests} (default 300 per role) and about 25 s in all.
 */
class RequestFuzzTest {
    /** CI replays one sequence; {@code -Dhayloft.fuzz.seed=random} explores a fresh one. */
    private static final String DEFAULT_SEED = "20261207";
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10);
    private static final Duration BUDGET = Duration.ofSeconds(25);
    private static final byte[] KEPT = "the needle that must not change".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path root;
    static LocalCluster cluster;
    static FilerServer filer;
    static String master;
    static String volume;
    static String fid;
    static int volumeCount;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(root, c -> c);
        volume = cluster.addVolumeServer(7, "dc1", "rack1").url();
        filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl()));
        master = cluster.masterUrl();
        fid = TestHttp.json(TestHttp.get(master, "/dir/assign")).get("fid").asString();
        assertThat(TestHttp.postFile(volume, "/" + fid, "kept.txt", KEPT).statusCode()).isEqualTo(201);
        assertThat(TestHttp.postRaw(filer.url(), "/kept/file.txt", "text/plain", KEPT).statusCode()).isEqualTo(201);
        volumeCount = TestHttp.json(TestHttp.get(volume, "/status")).get("Volumes").size();
    }

    @AfterAll
    static void stop() {
        if (filer != null) {
            filer.close();
        }
        cluster.close();
    }

    @Test
    void everyMalformedRequestIsAnswered4xxJsonAndChangesNothing() {
        String given = System.getProperty("hayloft.fuzz.seed", DEFAULT_SEED);
        long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
        int perRole = Integer.getInteger("hayloft.fuzz.requests", 300);
        SplittableRandom random = new SplittableRandom(seed);
        long end = System.nanoTime() + BUDGET.toNanos();
        List<String> roles = List.of("master", "volume", "filer");
        int sent = 0;
        String last = "";
        try {
            for (int i = 0; i < perRole * roles.size() && System.nanoTime() < end; i++) {
                String role = roles.get(i % roles.size());
                Generated g = new Generator(random, role).request();
                last = role + " <- " + printable(g.bytes);
                RawHttp.Answer a = RawHttp.send(url(role), g.bytes, ANSWER_DEADLINE, g.truncated);
                check(role, g, a);
                sent++;
                if (i % 50 == 49) {
                    assertStillServesAndUnchanged();
                }
            }
            assertStillServesAndUnchanged();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("fuzz failed with -Dhayloft.fuzz.seed=" + seed + " after " + sent
                    + " requests; last request: " + last + "\n" + e.getMessage(), e);
        }
        assertThat(sent).as("requests sent (seed " + seed + ")").isGreaterThan(30);
    }

    private static String url(String role) {
        return switch (role) {
            case "master" -> master;
            case "volume" -> volume;
            default -> filer.url();
        };
    }

    private static void check(String role, Generated g, RawHttp.Answer a) {
        if (g.truncated) {
            // a body declared longer than sent: the server may answer or just close when it ends
            assertThat(a.timedOut()).as("an answer or a close in time: " + a).isFalse();
            if (a.status() > 0) {
                assertThat(a.status()).as("status: " + a).isLessThan(500);
            }
            return;
        }
        assertThat(a.timedOut()).as("answered in time").isFalse();
        assertThat(a.status()).as("an HTTP answer: " + a).isGreaterThan(0);
        assertThat(a.status()).as("no 5xx: " + a).isLessThan(500);
        if (a.status() >= 400 && !g.head) {
            assertThat(a.header("Content-Type")).as("JSON error: " + a).startsWith("application/json");
            JsonNode body = a.json();
            assertThat(body).as("JSON error body: " + a).isNotNull();
            assertThat(body.path("error").asString("")).as("error message: " + a).isNotBlank();
        }
    }

    private static void assertStillServesAndUnchanged() {
        HttpResponse<byte[]> needle = TestHttp.get(volume, "/" + fid);
        assertThat(needle.statusCode()).as("the needle written before").isEqualTo(200);
        assertThat(needle.body()).isEqualTo(KEPT);
        HttpResponse<byte[]> file = TestHttp.get(filer.url(), "/kept/file.txt");
        assertThat(file.statusCode()).as("the filer file written before").isEqualTo(200);
        assertThat(file.body()).isEqualTo(KEPT);
        assertThat(TestHttp.get(master, "/cluster/status").statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(TestHttp.get(volume, "/status")).get("Volumes").size())
                .as("no volume deleted").isGreaterThanOrEqualTo(volumeCount);
    }

    /** {@link #printable}, for the S3 fuzz test's messages. */
    static String printableForS3(byte[] bytes) {
        return printable(bytes);
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 400); i++) {
            int b = bytes[i] & 0xff;
            sb.append(b == '\r' ? "\\r" : b == '\n' ? "\\n" : b < 0x20 || b > 0x7e ? String.format("\\x%02x", b) : String.valueOf((char) b));
        }
        return bytes.length > 400 ? sb + "...(" + bytes.length + " bytes)" : sb.toString();
    }

    /** One generated request: its bytes, whether its body is cut short, whether it is a HEAD. */
    private record Generated(byte[] bytes, boolean truncated, boolean head) {
    }

    /** Builds one request for a role from the seeded random source. */
    private static final class Generator {
        private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE",
                "HEAD", "OPTIONS", "PATCH", "TRACE", "get", "G ET", "", "FOO", "\u0001X", "GET\t");
        private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1",
                "HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/1", "http/1.1", "FOO/1.1", "HTTP/1.1 extra", "");
        private static final List<String> MASTER_PATHS = List.of("/dir/assign", "/dir/lookup", "/dir/status",
                "/vol/status", "/cluster/status", "/submit", "/vol/vacuum", "/col/list", "/metrics", "/vol/grow",
                "/col/delete", "/vol/delete", "/vol/mark", "/cluster/raft/add", "/cluster/raft/remove",
                "/internal/node/id", "/internal/heartbeat", "/vol/fix/replication", "/vol/move", "/vol/ec/encode",
                "/vol/ec/rebuild", "/vol/ec/decode", "/", "/nothing");
        private static final List<String> VOLUME_PATHS = List.of("/status", "/metrics", "/admin/volume/copy",
                "/admin/volume/needle", "/admin/volume/garbage", "/admin/volume/sync/digest", "/admin/volume/mark",
                "/admin/volume/allocate", "/admin/volume/delete", "/admin/volume/vacuum", "/internal/needle/replicate", "/internal/needle/batch", "/",
                "/admin/ec/encode", "/admin/ec/copy", "/admin/ec/file", "/admin/ec/delete", "/admin/ec/rebuild",
                "/admin/ec/decode", "/internal/ec/shard", "/internal/ec/delete", "/ec/shardmap",
                "/favicon.ico");
        private static final List<String> FILER_PATHS = List.of("/", "/status", "/metrics", "/kept/", "/fuzz/a.txt",
                "/fuzz/", "/fuzz/d/e/f.bin", "/kept");
        private static final List<String> PARAM_NAMES = List.of("collection", "replication", "ttl", "count", "volumeId",
                "fileId", "volume", "key", "source", "target", "node", "address", "id", "limit", "lastFileName",
                "metadata", "recursive", "mv.from", "maxMB", "type", "ts", "cm", "dl", "pretty", "mbps", "readonly",
                "garbageThreshold", "apply", "fid", "shards", "shard", "offset", "size", "file", "bogus", "", "%", "a%zz",
                "\u00e9");
        private static final List<String> BAD_VALUES = List.of("%zz", "%", "%0", "%00", "%ff%fe", "-1", "0",
                "99999999999999999999", "1e3", "abc", "..%2F..", "../x", "127.0.0.1:99999", "[::1", "%2e%2e/%2e%2e:1",
                "", "true%00", "3,zz", "0,01637037d6", "4294967296", "-0", " ", "+", "%20", "a&b", "x=y",
                "\u00e9", "%c3%28", "0x10", "9".repeat(400));
        private static final List<String> PATH_MUTATIONS = List.of("/%zz", "/%", "//", "/./", "/../", "/%2e%2e/",
                "%00", "/%e2%82", "/%2F", "/;x", "/?", "/#", "/\u00e9", "/%41", "/.%2e/", "/x/..");

        private final SplittableRandom r;
        private final String role;

        Generator(SplittableRandom r, String role) {
            this.r = r;
            this.role = role;
        }

        private <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        private boolean chance(int percent) {
            return r.nextInt(100) < percent;
        }

        Generated request() {
            String method = pick(METHODS);
            String target = target(method);
            String version = pick(VERSIONS);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target);
            if (!version.isEmpty()) {
                head.append(' ').append(version);
            }
            head.append("\r\n");
            List<String> headers = new ArrayList<>();
            if (!chance(8)) {
                headers.add(chance(95) ? "Host: localhost" : pick(List.of("Host:", "Host: a b", "Host: [::1", "Host: x:99999")));
            }
            headers.add("Connection: close");
            byte[] body = body();
            boolean truncated = false;
            int framing = r.nextInt(12);
            switch (framing) {
                case 0 -> headers.add("Content-Length: " + pick(List.of("-1", "abc", "1e3", "5 5", "99999999999999999999999")));
                case 1 -> {
                    headers.add("Content-Length: " + (body.length + 1 + r.nextInt(1_000_000)));
                    truncated = true;
                }
                case 2 -> {
                    headers.add("Transfer-Encoding: chunked");
                    body = badChunked(body);
                    truncated = body.length > 0 && body[body.length - 1] == 'T'; // cut before the last chunk
                }
                case 3 -> {
                    headers.add("Transfer-Encoding: chunked");
                    headers.add("Content-Length: " + body.length);
                    body = chunked(body);
                }
                case 4 -> headers.add("Transfer-Encoding: " + pick(List.of("gzip", "chunked, gzip", "identity", "x")));
                case 5 -> {
                    headers.add("Content-Length: " + body.length);
                    headers.add("Content-Length: " + (body.length + 3));
                }
                default -> headers.add("Content-Length: " + body.length);
            }
            if (chance(40)) {
                headers.add("Content-Type: " + pick(List.of("multipart/form-data; boundary=b", "multipart/form-data",
                        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unclosed",
                        "application/json", "text/plain", "application/x-www-form-urlencoded", "%zz", "")));
            }
            if (chance(15)) {
                headers.add(pick(List.of("no colon here", ": empty name", "X-Big: " + "b".repeat(r.nextInt(4000, 20000)),
                        "Bad Header: x", "X-Nul: a\u0000b", "Content-MD5: zz", "Range: bytes=zz", "Range: bytes=5-1",
                        "If-Modified-Since: yesterday", "Seaweed-" + "k".repeat(300) + ": v", " folded: x", "X:\u00ff\u00fe")));
            }
            if (chance(5)) {
                headers.add("Expect: 100-continue");
            }
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            boolean expectsContinue = headers.contains("Expect: 100-continue");
            return new Generated(all, truncated || expectsContinue, method.equals("HEAD"));
        }

        private String target(String method) {
            String path = switch (role) {
                case "master" -> chance(20) ? "/" + badFid() : pick(MASTER_PATHS);
                case "volume" -> chance(50) ? "/" + badFid() + (chance(20) ? "/name.txt" : "") : pick(VOLUME_PATHS);
                default -> pick(FILER_PATHS);
            };
            if (role.equals("filer") && (method.equals("DELETE") || method.equals("POST") || method.equals("PUT"))
                    && path.startsWith("/kept")) {
                path = "/fuzz" + path; // the file written before must stay; the filer's writes are not the point
            }
            if (chance(35)) {
                int at = r.nextInt(path.length() + 1);
                path = path.substring(0, at) + pick(PATH_MUTATIONS) + path.substring(at);
                if (!path.startsWith("/") && chance(70)) {
                    path = "/" + path;
                }
            }
            if (chance(3)) {
                path = "/" + "a".repeat(r.nextInt(5000, 30000));
            }
            if (chance(3)) {
                path = pick(List.of("*", "http://localhost/dir/status", "", "dir/assign", "%2Fdir%2Fassign"));
            }
            StringBuilder q = new StringBuilder();
            int params = chance(30) ? 0 : r.nextInt(1, 4);
            for (int i = 0; i < params; i++) {
                q.append(i == 0 ? '?' : '&').append(pick(PARAM_NAMES));
                if (!chance(10)) {
                    q.append('=').append(pick(BAD_VALUES));
                }
            }
            if (chance(5)) {
                q.append(pick(List.of("?", "?&", "?=", "?%", "?a=1&a=2", "?pretty=y%zz", "?&&&")));
            }
            String t = path + q;
            if (isDestructive(method, t)) {
                t = t + (t.contains("?") ? "&" : "?") + "collection=%zz"; // destructive calls only ever malformed
            }
            return t.replace(" ", chance(50) ? "%20" : " ");
        }

        /** A request that could delete or move real data if well formed: kept malformed. */
        private static boolean isDestructive(String method, String target) {
            String t = target.toLowerCase(java.util.Locale.ROOT);
            return t.contains("delete") || t.contains("move") || t.contains("raft") || t.contains("mark")
                    || t.contains("vacuum") || t.contains("grow") || t.contains("fix") || t.contains("allocate")
                    || t.contains("copy") || t.contains("needle") || t.contains("heartbeat") || t.contains("node")
                    || (method.equals("DELETE") && !t.contains("fuzz"));
        }

        /** A fid that is wrong: malformed, or the kept one with another cookie or key. */
        private String badFid() {
            String good = fid;
            return switch (r.nextInt(8)) {
                case 0 -> good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0"); // wrong cookie
                case 1 -> good.substring(0, good.indexOf(',')) + ",zz";
                case 2 -> "0," + good.substring(good.indexOf(',') + 1);
                case 3 -> "4294967296," + good.substring(good.indexOf(',') + 1);
                case 4 -> good.replace(',', '/').substring(0, good.length() - 2);
                case 5 -> good + "_" + pick(List.of("x", "-1", "99999999999", ""));
                case 6 -> pick(List.of("abc,01637037d6", "3,", ",", "3,01637037d6%00", "-3,01637037d6", "3,0x1"));
                default -> "999," + good.substring(good.indexOf(',') + 1);
            };
        }

        private byte[] body() {
            return switch (r.nextInt(6)) {
                case 0 -> new byte[0];
                case 1 -> multipart(true);
                case 2 -> multipart(false);
                case 3 -> "{\"not\":\"json\"".getBytes(StandardCharsets.UTF_8);
                default -> {
                    byte[] b = new byte[r.nextInt(0, 2048)];
                    r.nextBytes(b);
                    yield b;
                }
            };
        }

        private byte[] multipart(boolean broken) {
            String p = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nsome bytes\r\n";
            if (broken) {
                p = pick(List.of(p, p.replace("\r\n\r\n", "\r\n"), "--b\r\n\r\n", "--x\r\nhello\r\n--x--\r\n",
                        p + "--b", "--b--\r\n", p.replace("filename=\"f.txt\"", "filename=\"../../etc/passwd\"")));
            } else {
                p = p + "--b--\r\n";
            }
            return p.getBytes(StandardCharsets.ISO_8859_1);
        }

        private byte[] chunked(byte[] body) {
            String hex = Integer.toHexString(body.length);
            byte[] head = (hex + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[head.length + body.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
            return body.length == 0 ? "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1) : out;
        }

        private byte[] badChunked(byte[] body) {
            String s = switch (r.nextInt(6)) {
                case 0 -> "zz\r\nabc\r\n0\r\n\r\n";
                case 1 -> "-5\r\nabc\r\n0\r\n\r\n";
                case 2 -> "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n";
                case 3 -> "3\r\nabcdef\r\n0\r\n\r\n";
                case 4 -> "3 ; ext\r\nabc\r\n0\r\nBad Trailer\r\n\r\n";
                default -> "5\r\nab" + "T"; // cut short: the connection ends mid-chunk
            };
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
