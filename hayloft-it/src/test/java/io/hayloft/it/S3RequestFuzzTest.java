package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link RequestFuzzTest}'s sibling for the S3 gateway: malformed requests as raw bytes over sockets,
 * most of them signed by the admin (so they get past authentication into the request parsing), some
 * anonymous or with broken {@code Authorization} headers: bad XML bodies (DeleteObjects,
 * CompleteMultipartUpload, CreateBucket, versioning), bad and unknown sub-resources and their values, bad
 * Range, copy sources, part numbers and upload ids, aws-chunked bodies that are not, huge and broken
 * headers, bad Content-Lengths and chunked encodings, bad request lines. Each must be answered within a
 * deadline, never with a 5xx (but a 501 {@code NotImplemented} for a sub-resource S3 defines and the
 * gateway does not implement), every error as S3 XML ({@code <Error><Code>}); the gateway must still
 * serve afterwards, and the object written before must not change.
 *
 * <p>Seeded: {@code -Dhayloft.fuzz.seed=N} replays a run ({@code random} draws a new seed); a failure
 * prints the seed and the request. Bounded by {@code -Dhayloft.fuzz.requests} (default 400) and about 30 s.
 */
class S3RequestFuzzTest {
    private static final String DEFAULT_SEED = "20261207";
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10);
    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final String BUCKET = "fuzz";
    private static final String KEPT_KEY = "kept.txt";
    private static final String KEPT = "the object that must not change";

    @TempDir
    static Path root;
    static S3Gateway gateway;
    static S3Client admin;
    static String uploadId;

    @BeforeAll
    static void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS);
        admin = gateway.admin();
        admin.createBucket(b -> b.bucket(BUCKET));
        admin.putObject(p -> p.bucket(BUCKET).key(KEPT_KEY), RequestBody.fromString(KEPT));
        uploadId = admin.createMultipartUpload(c -> c.bucket(BUCKET).key("multi.bin")).uploadId();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyMalformedS3RequestIsAnsweredWithAnS3XmlErrorAndChangesNothing() {
        String given = System.getProperty("hayloft.fuzz.seed", DEFAULT_SEED);
        long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
        int requests = Integer.getInteger("hayloft.fuzz.requests", 400);
        SplittableRandom random = new SplittableRandom(seed);
        long end = System.nanoTime() + BUDGET.toNanos();
        String hostPort = "127.0.0.1:" + gateway.s3.port();
        int sent = 0;
        String last = "";
        try {
            for (int i = 0; i < requests && System.nanoTime() < end; i++) {
                Generated g = new Generator(random).request();
                last = RequestFuzzTest.printableForS3(g.bytes);
                RawHttp.Answer a = RawHttp.send(hostPort, g.bytes, ANSWER_DEADLINE, g.truncated);
                check(g, a);
                sent++;
                if (i % 50 == 49) {
                    assertStillServesAndUnchanged();
                }
            }
            assertStillServesAndUnchanged();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("S3 fuzz failed with -Dhayloft.fuzz.seed=" + seed + " after " + sent
                    + " requests; last request: " + last + "\n" + e.getMessage(), e);
        }
        assertThat(sent).as("requests sent (seed " + seed + ")").isGreaterThan(50);
    }

    @Test
    void otherHttpVersionsAndBrokenChunkedBodiesGetAnS3XmlErrorNotABare501OrJson() {
        String hostPort = "127.0.0.1:" + gateway.s3.port();
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.2")) {
            RawHttp.Answer a = RawHttp.send(hostPort, "GET /fuzz/kept.txt " + version + "\r\nHost: x\r\n\r\n",
                    ANSWER_DEADLINE);
            assertThat(a.status()).as(version + ": " + a).isEqualTo(400);
            assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/xml");
            assertThat(a.text()).contains("<Code>BadRequest</Code>").contains("HTTP version");
        }
        for (String chunks : List.of("zz\r\nabc\r\n0\r\n\r\n", "ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n")) {
            RawHttp.Answer a = RawHttp.send(hostPort, "PUT /fuzz/other.txt HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks, ANSWER_DEADLINE);
            // the framing fails on the event loop as the bytes arrive, the unsigned request is refused on a
            // virtual thread: whichever answers first, it is S3 XML
            assertThat(a.status()).as(a.toString()).isIn(400, 403);
            assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/xml");
            assertThat(a.text()).containsAnyOf("<Code>IncompleteBody</Code>", "<Code>AccessDenied</Code>");
        }
        // signed, so the gateway reads the body: the broken framing is the answer
        StringBuilder signed = new StringBuilder("PUT /fuzz/other.txt HTTP/1.1\r\n");
        Generator.sign("PUT", "/fuzz/other.txt", "", Map.of(), new byte[0]).forEach(h -> signed.append(h).append("\r\n"));
        RawHttp.Answer broken = RawHttp.send(hostPort, signed + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                ANSWER_DEADLINE);
        assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
        assertThat(broken.header("Content-Type")).as(broken.toString()).startsWith("application/xml");
        assertThat(broken.text()).contains("<Code>IncompleteBody</Code>").contains("malformed request body");
        RawHttp.Answer legacy = RawHttp.send(hostPort, "GET /fuzz/kept.txt HTTP/1.0\r\n\r\n", ANSWER_DEADLINE);
        assertThat(legacy.status()).as("an HTTP/1.0 request needs no Host: " + legacy).isEqualTo(403);
        assertStillServesAndUnchanged();
    }

    @Test
    void aResponseHeaderOverrideThatIsNoHeaderValueIsRefused400NotA500() {
        String hostPort = "127.0.0.1:" + gateway.s3.port();
        for (String query : List.of("?response-content-disposition=%00", "?response-content-type=%0d%0aX-Injected:%20y",
                "?response-cache-control=a%7fb", "?response-expires=%E2%82%AC")) {
            StringBuilder request = new StringBuilder("GET /fuzz/kept.txt" + query + " HTTP/1.1\r\n");
            Generator.sign("GET", "/fuzz/kept.txt", query, Map.of(), new byte[0])
                    .forEach(h -> request.append(h).append("\r\n"));
            RawHttp.Answer a = RawHttp.send(hostPort, request.append("Connection: close\r\n\r\n").toString(),
                    ANSWER_DEADLINE);
            assertThat(a.status()).as(query + ": " + a).isEqualTo(400);
            assertThat(a.text()).contains("<Code>InvalidArgument</Code>");
            assertThat(a.header("X-Injected")).isNull();
        }
        assertStillServesAndUnchanged();
    }

    private static void check(Generated g, RawHttp.Answer a) {
        if (g.truncated) {
            assertThat(a.timedOut()).as("an answer or a close in time: " + a).isFalse();
            if (a.status() > 0) {
                assertNoServerError(a, g.head);
            }
            return;
        }
        assertThat(a.timedOut()).as("answered in time").isFalse();
        assertThat(a.status()).as("an HTTP answer: " + a).isGreaterThan(0);
        assertNoServerError(a, g.head);
        if (a.status() >= 400 && !g.head) {
            assertThat(a.header("Content-Type")).as("S3 XML error: " + a).startsWith("application/xml");
            assertThat(a.text()).as("S3 XML error body: " + a).contains("<Error>").contains("<Code>")
                    .contains("</Error>");
        }
    }

    /** No 5xx, but a 501 NotImplemented (S3 XML) for an S3 feature the gateway does not implement. */
    private static void assertNoServerError(RawHttp.Answer a, boolean head) {
        if (a.status() == 501) {
            String code = head ? a.header("x-amz-error-code") : a.text(); // a HEAD answer has no body
            assertThat(code).as("only an unimplemented S3 feature is a 501: " + a).contains("NotImplemented");
        } else {
            assertThat(a.status()).as("no 5xx: " + a).isLessThan(500);
        }
    }

    private static void assertStillServesAndUnchanged() {
        assertThat(admin.getObjectAsBytes(o -> o.bucket(BUCKET).key(KEPT_KEY)).asUtf8String())
                .as("the object written before").isEqualTo(KEPT);
        assertThat(admin.listBuckets().buckets()).as("the bucket is still there")
                .anyMatch(b -> b.name().equals(BUCKET));
    }

    /** One generated request: its bytes, whether its body is cut short or waits, whether it is a HEAD. */
    private record Generated(byte[] bytes, boolean truncated, boolean head) {
    }

    /** Builds one request from the seeded random source. */
    private static final class Generator {
        private static final List<String> METHODS = List.of("GET", "GET", "PUT", "PUT", "POST", "POST", "DELETE",
                "HEAD", "OPTIONS", "PATCH");
        /** Keys a signed write may touch: never the kept object. */
        private static final List<String> KEYS = List.of("a.txt", "dir/b.bin", "multi.bin", "copy.txt", "x%20y",
                "%E2%82%AC", "deep/er/key");
        private static final List<String> SUBRESOURCES = List.of("delete", "uploads", "uploadId", "partNumber",
                "versioning", "acl", "tagging", "policy", "cors", "lifecycle", "location", "versions", "list-type",
                "max-keys", "prefix", "delimiter", "marker", "continuation-token", "start-after", "encoding-type",
                "max-uploads", "part-number-marker", "max-parts", "versionId", "response-content-type",
                "x-id", "website", "object-lock", "retention", "legal-hold", "attributes", "select", "restore",
                "torrent", "notification", "logging", "response-content-disposition", "response-content-type",
                "response-expires", "response-cache-control", "bogus", "");
        private static final List<String> VALUES = List.of("", "0", "-1", "1", "10001", "99999999999999999999",
                "abc", "%zz", "%", "%00", "null", "2", "url", "xml", "/", "..", "%2e%2e%2f", "\u00e9", "9".repeat(300),
                "1.5", "+1", " ", "a&b", "%c3%28", "%0d%0aX:%20y", "%7f", "%E2%82%AC");
        private static final List<String> BODIES = List.of("", "<", "<Delete>", "<Delete><Object></Object></Delete>",
                "<Delete><Object><Key></Key></Object></Delete>",
                "<Delete>" + "<Object><Key>k</Key></Object>".repeat(1001) + "</Delete>",
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&e;</Key></Object></Delete>",
                "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Delete><Object><Key>&c;</Key></Object></Delete>",
                "<CompleteMultipartUpload><Part><PartNumber>zz</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber><ETag>\"x\"</ETag></Part></CompleteMultipartUpload>",
                "<CompleteMultipartUpload></CompleteMultipartUpload>", "<CompleteMultipartUpload>",
                "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>",
                "<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>",
                "\u0000\u0001\u0002", "{\"json\": true}", "<a>" + "<b>".repeat(5000), "<Delete xmlns=\"zz\">&amp;&bogus;</Delete>",
                "5;chunk-signature=zz\r\nabcde\r\n0;chunk-signature=zz\r\n\r\n", "zz;chunk-signature=\r\n");
        private static final List<String> BAD_AUTH = List.of("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 garbage",
                "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                "AWS4-HMAC-SHA256 Credential=HAYLOFTADMIN/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=zz",
                "AWS4-HMAC-SHA256 Credential=HAYLOFTADMIN/x/y/z/w/v, SignedHeaders=host;;x-amz-date, Signature=00",
                "AWS HAYLOFTADMIN:c2lnbmF0dXJl", "Basic YWRtaW46YWRtaW4=", "Bearer x", "", "\u00ff\u00fe",
                "AWS4-HMAC-SHA256 Credential=" + "A".repeat(9000) + ", SignedHeaders=host, Signature=1");
        private static final List<String> BAD_HEADERS = List.of("Range: bytes=zz", "Range: bytes=5-1",
                "Range: bytes=-0", "Range: bytes=99999999999999999999-", "Range: bytes=0-1,3-4", "Range: items=0-1",
                "Range: bytes=", "x-amz-copy-source: ", "x-amz-copy-source: /fuzz/%zz", "x-amz-copy-source: nobucket",
                "x-amz-copy-source: /fuzz/kept.txt?versionId=zz", "x-amz-copy-source-range: bytes=9-1",
                "x-amz-date: yesterday", "x-amz-date: 99999999T999999Z", "Content-MD5: zz", "Content-MD5: ",
                "x-amz-checksum-crc32: zz", "x-amz-checksum-sha256: ", "x-amz-checksum-crc64nvme: AAAAAAAAAAA=",
                "x-amz-decoded-content-length: -5", "x-amz-decoded-content-length: zz", "Content-Encoding: aws-chunked",
                "If-Match: ", "If-None-Match: *", "If-Modified-Since: yesterday", "If-Unmodified-Since: 0",
                "x-amz-meta-" + "k".repeat(3000) + ": v", "x-amz-meta-big: " + "v".repeat(20000), "X-Nul: a\u0000b",
                "no colon here", ": empty name", " folded: x", "Expect: 100-continue", "x-amz-tagging: %zz=%zz",
                "x-amz-storage-class: WHATEVER", "x-amz-acl: nonsense", "x-amz-metadata-directive: MAYBE",
                "x-amz-server-side-encryption: AES9", "Content-Type: \u00ff");

        private final SplittableRandom r;

        Generator(SplittableRandom r) {
            this.r = r;
        }

        private <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        private boolean chance(int percent) {
            return r.nextInt(100) < percent;
        }

        Generated request() {
            if (chance(4)) {
                return garbageLine();
            }
            String method = pick(METHODS);
            String path = path(method);
            String query = query(method);
            byte[] body = pick(BODIES).getBytes(StandardCharsets.ISO_8859_1);
            Map<String, String> extra = new LinkedHashMap<>();
            int n = chance(50) ? 0 : r.nextInt(1, 3);
            for (int i = 0; i < n; i++) {
                String h = pick(BAD_HEADERS);
                int colon = h.indexOf(':');
                if (colon > 0 && !h.startsWith(" ") && !h.contains("\u0000")) {
                    extra.put(h.substring(0, colon), h.substring(colon + 1).trim());
                } else {
                    extra.put("\u0000raw" + i, h); // written as it is, unsigned
                }
            }
            if (chance(15)) {
                extra.put("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
                extra.putIfAbsent("x-amz-decoded-content-length", String.valueOf(body.length));
            }
            List<String> headers = new ArrayList<>();
            int auth = r.nextInt(10);
            if (auth < 7 && signable(path, query, extra)) {
                headers.addAll(sign(method, path, query, extra, body));
            } else {
                headers.add("Host: 127.0.0.1");
                if (auth < 9) {
                    headers.add("Authorization: " + pick(BAD_AUTH));
                    headers.add("x-amz-date: 20260101T000000Z");
                    headers.add("x-amz-content-sha256: UNSIGNED-PAYLOAD");
                }
                extra.forEach((k, v) -> {
                    if (!k.startsWith("\u0000")) {
                        headers.add(k + ": " + v);
                    }
                });
            }
            extra.forEach((k, v) -> {
                if (k.startsWith("\u0000")) {
                    headers.add(v);
                }
            });
            headers.add("Connection: close");
            boolean truncated = false;
            switch (r.nextInt(10)) {
                case 0 -> headers.add("Content-Length: " + pick(List.of("-1", "abc", "1e3", "5 5",
                        "99999999999999999999999", "")));
                case 1 -> {
                    headers.add("Content-Length: " + (body.length + 1 + r.nextInt(1_000_000)));
                    truncated = true;
                }
                case 2 -> {
                    headers.add("Transfer-Encoding: chunked");
                    body = badChunked();
                    truncated = body.length > 0 && body[body.length - 1] == 'T';
                }
                case 3 -> {
                    headers.add("Content-Length: " + body.length);
                    headers.add("Content-Length: " + (body.length + 3));
                }
                case 4 -> headers.add("Transfer-Encoding: " + pick(List.of("gzip", "chunked, gzip", "identity", "x")));
                default -> headers.add("Content-Length: " + body.length);
            }
            String version = chance(93) ? "HTTP/1.1" : pick(List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9",
                    "http/1.1", "", "HTTP/1.1 extra"));
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(query);
            if (!version.isEmpty()) {
                head.append(' ').append(version);
            }
            head.append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            truncated |= headers.contains("Expect: 100-continue");
            return new Generated(all, truncated, method.equals("HEAD"));
        }

        private Generated garbageLine() {
            String line = pick(List.of("BLAH\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1\r\n", "\r\n\r\n",
                    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET / HTTP/1.1\r\n" + "X-Flood: y\r\n".repeat(3000) + "\r\n", "GET /fuzz/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /fuzz/kept.txt?%zz HTTP/1.1\r\nHost: x\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001"));
            // incomplete (blank lines before a request line are skipped, RFC 9112 2.2) or an HTTP/2 connection
            // that waits for frames: the client ends its side, and the server must close in time
            boolean cut = line.equals("GET / HTTP/1.1\r\n") || line.equals("\r\n\r\n") || line.startsWith("\u0016")
                    || line.startsWith("PRI ");
            return new Generated(line.getBytes(StandardCharsets.ISO_8859_1), cut, false);
        }

        private String path(String method) {
            boolean write = !method.equals("GET") && !method.equals("HEAD");
            String key = write ? pick(KEYS) : pick(List.of(KEPT_KEY, "a.txt", "missing", "multi.bin"));
            String p = switch (r.nextInt(7)) {
                case 0 -> "/";
                case 1 -> "/" + BUCKET;
                case 2 -> "/" + pick(List.of("nosuchbucket", "Bad_Bucket", "ab", "a".repeat(64), "xn--bucket",
                        "192.168.1.1", "fuzz-new"));
                default -> "/" + BUCKET + "/" + key;
            };
            if (chance(15)) {
                String bad = pick(List.of("//", "/./", "/../", "/%2e%2e/", "/%2F", "%00", "/%zz", "/;x", "/\u00e9"));
                int at = 1 + r.nextInt(p.length());
                p = p.substring(0, Math.min(at, p.length())) + bad + p.substring(Math.min(at, p.length()));
                if (write && p.contains(KEPT_KEY)) {
                    p = p.replace(KEPT_KEY, "other.txt");
                }
            }
            return p;
        }

        private String query(String method) {
            if (chance(35)) {
                return "";
            }
            StringBuilder q = new StringBuilder();
            int params = r.nextInt(1, 4);
            for (int i = 0; i < params; i++) {
                String name = pick(SUBRESOURCES);
                q.append(i == 0 ? '?' : '&').append(name);
                if (name.equals("uploadId") && chance(60)) {
                    q.append('=').append(chance(70) ? uploadId : "zz" + uploadId);
                } else if (!chance(20)) {
                    q.append('=').append(pick(VALUES));
                }
            }
            if (method.equals("DELETE") && q.indexOf("uploadId=" + uploadId) >= 0) {
                return q.toString().replace("uploadId=" + uploadId, "uploadId=zz"); // keep the upload
            }
            return q.toString();
        }

        /** Whether the SDK's signer takes this request (its URI must parse). */
        private static boolean signable(String path, String query, Map<String, String> extra) {
            try {
                URI.create("http://127.0.0.1" + path + query);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return extra.keySet().stream().allMatch(k -> k.startsWith("\u0000") || k.chars().allMatch(c -> c > 32 && c < 127))
                    && extra.values().stream().allMatch(v -> v.chars().allMatch(c -> c >= 32 && c < 127));
        }

        /** The admin's SigV4 headers for the request with {@code body} as its payload (unless {@code extra} streams it). */
        private static List<String> sign(String method, String path, String query, Map<String, String> extra,
                                         byte[] body) {
            SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.fromValue(method.equals("PATCH") ? "PATCH" : method))
                    .uri(URI.create(gateway.endpoint() + path + query));
            extra.forEach((k, v) -> {
                if (!k.startsWith("\u0000")) {
                    b.putHeader(k, v);
                }
            });
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s
                    .identity(AwsCredentialsIdentity.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))
                    .request(b.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                    .putProperty(HttpSigner.SIGNING_CLOCK, gateway.clock)).request();
            List<String> out = new ArrayList<>();
            signed.headers().forEach((k, vs) -> vs.forEach(v -> out.add(k + ": " + v)));
            return out;
        }

        private byte[] badChunked() {
            String s = switch (r.nextInt(6)) {
                case 0 -> "zz\r\nabc\r\n0\r\n\r\n";
                case 1 -> "-5\r\nabc\r\n0\r\n\r\n";
                case 2 -> "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n";
                case 3 -> "3\r\nabcdef\r\n0\r\n\r\n";
                case 4 -> "3 ; ext\r\nabc\r\n0\r\nBad Trailer\r\n\r\n";
                default -> "5\r\nab" + "T";
            };
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
