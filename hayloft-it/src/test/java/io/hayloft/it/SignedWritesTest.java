package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import io.hayloft.client.AssignRequest;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.security.FidTokens;
import io.hayloft.security.InternalTokens;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.SigningKey;
import io.hayloft.testkit.Await;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A cluster with {@code security.toml}'s signing and internal keys: writes need the token the master signs on
 * assign, every bad token is a 401 that changes nothing, calls between roles need the internal token, and the
 * filer, the S3 gateway and the client still work end to end.
 */
class SignedWritesTest {
    private static final SigningKey WRITE_KEY = SigningKey.of("write-key-for-the-test-cluster", "write");
    private static final SigningKey INTERNAL_KEY = SigningKey.of("internal-key-for-the-test-cluster", "internal");
    private static final SecurityConfig SECURITY = SecurityConfig.NONE
            .withWrite(new FidTokens(WRITE_KEY, Duration.ofSeconds(30), Clock.systemUTC()))
            .withInternal(new InternalTokens(INTERNAL_KEY, Duration.ofSeconds(60), Clock.systemUTC()));

    @TempDir
    Path root;

    private LocalCluster cluster() {
        LocalCluster c = LocalCluster.start(root, m -> m.withSecurity(SECURITY));
        c.addVolumeServer(v -> v.withMaxVolumes(List.of(8)).withLocation("dc1", "r1").withSecurity(SECURITY));
        c.addVolumeServer(v -> v.withMaxVolumes(List.of(8)).withLocation("dc1", "r1").withSecurity(SECURITY));
        return c;
    }

    private static HttpResponse<byte[]> upload(String volume, String fid, String authorization, byte[] data) {
        String boundary = "----signed";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + volume + "/" + fid))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestHttp.multipart(boundary, "a.txt",
                        "text/plain", data)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return TestHttp.send(b.build());
    }

    private static HttpResponse<byte[]> delete(String volume, String fid, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + volume + "/" + fid)).DELETE();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return TestHttp.send(b.build());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every token a volume server must refuse for {@code fid}, by what is wrong with it. */
    private static Map<String, String> badTokens(FileId fid) {
        FileId other = fid.plus(1);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("missing", null);
        bad.put("expired", "Bearer " + new FidTokens(WRITE_KEY, Duration.ofSeconds(5),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))).mint(fid, 1));
        bad.put("wrong fid", "Bearer " + new FidTokens(WRITE_KEY, Duration.ofSeconds(30), Clock.systemUTC()).mint(other, 1));
        bad.put("wrong key", "Bearer " + new FidTokens(SigningKey.of("some-other-key-entirely", "k"), Duration.ofSeconds(30),
                Clock.systemUTC()).mint(fid, 1));
        bad.put("malformed", "Bearer not.a-token");
        bad.put("alg none", "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + b64("{\"fid\":\"" + fid + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}") + ".");
        bad.put("internal token as a fid token", "Bearer " + SECURITY.internal().orElseThrow().token());
        return bad;
    }

    @Test
    void writesAndDeletesNeedTheirFidsTokenAndBadTokensChangeNothing() {
        try (LocalCluster c = cluster()) {
            JsonNode assigned = TestHttp.json(TestHttp.get(c.masterUrl(), "/dir/assign?replication=001"));
            String fid = assigned.get("fid").asString();
            String volume = assigned.get("url").asString();
            String auth = assigned.get("auth").asString();
            assertThat(auth).isNotBlank();
            byte[] data = "signed".getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, String> bad : badTokens(FileId.parse(fid)).entrySet()) {
                HttpResponse<byte[]> r = upload(volume, fid, bad.getValue(), data);
                assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(401);
                assertThat(TestHttp.json(r).get("code").asString()).as(bad.getKey()).isEqualTo("UNAUTHORIZED");
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(bad.getKey()).isPresent();
                assertThat(TestHttp.get(volume, "/" + fid).statusCode()).as(bad.getKey()).isEqualTo(404);
            }
            assertThat(upload(volume, fid, "Bearer " + auth, data).statusCode()).isEqualTo(201);
            // stored on both replicas: the primary's copy to its peer carried the internal token
            for (String location : c.locations(FileId.parse(fid).volumeId())) {
                assertThat(TestHttp.get(location, "/" + fid + "?type=replicate").body()).as(location).isEqualTo(data);
            }
            // ?jwt= is the other place a token may travel
            FileId second = FileId.parse(fid).plus(7);
            assertThat(TestHttp.postFile(volume, "/" + second + "?jwt=" + auth, "b", data).statusCode()).isEqualTo(401);

            for (Map.Entry<String, String> bad : badTokens(FileId.parse(fid)).entrySet()) {
                assertThat(delete(volume, fid, bad.getValue()).statusCode()).as(bad.getKey()).isEqualTo(401);
                assertThat(TestHttp.get(volume, "/" + fid).body()).as(bad.getKey()).isEqualTo(data);
            }
            assertThat(delete(volume, fid, "Bearer " + auth).statusCode()).isLessThan(300);
            assertThat(TestHttp.get(volume, "/" + fid).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aCountAssignmentsTokenCoversEachOfItsFids() {
        try (LocalCluster c = cluster()) {
            JsonNode assigned = TestHttp.json(TestHttp.get(c.masterUrl(), "/dir/assign?count=3"));
            String fid = assigned.get("fid").asString();
            String volume = assigned.get("url").asString();
            String auth = "Bearer " + assigned.get("auth").asString();
            for (String each : List.of(fid, fid + "_1", fid + "_2")) {
                assertThat(upload(volume, each, auth, new byte[] {1}).statusCode()).as(each).isEqualTo(201);
            }
            assertThat(upload(volume, fid + "_3", auth, new byte[] {1}).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void callsBetweenRolesNeedTheInternalToken() {
        try (LocalCluster c = cluster()) {
            String volume = c.volumeServers().getFirst().url();
            // the two volume servers registered: their heartbeats carried the token
            assertThat(c.countNodes()).isEqualTo(2);
            List<String[]> calls = List.of(new String[] {c.masterUrl(), "/internal/heartbeat"},
                    new String[] {c.masterUrl(), "/vol/grow?count=1"},
                    new String[] {c.masterUrl(), "/internal/node/id?address=127.0.0.1:1"},
                    new String[] {volume, "/admin/volume/allocate?volume=99"},
                    new String[] {volume, "/internal/needle/replicate?fid=99,01637037d6"},
                    new String[] {volume, "/admin/ec/encode?volume=99"});
            for (String[] call : calls) {
                HttpResponse<byte[]> r = TestHttp.postRaw(call[0], call[1], "application/json", "{}".getBytes());
                assertThat(r.statusCode()).as(call[1]).isEqualTo(401);
                assertThat(TestHttp.json(r).get("error").asString()).as(call[1]).contains("internal token");
                HttpResponse<byte[]> forged = TestHttp.send(HttpRequest.newBuilder(URI.create(TestHttp.url(call[0], call[1])))
                        .header(InternalTokens.HEADER, new InternalTokens(SigningKey.of("not-the-cluster-key!", "k"),
                                Duration.ofSeconds(60), Clock.systemUTC()).token())
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                assertThat(forged.statusCode()).as(call[1]).isEqualTo(401);
            }
            HttpResponse<byte[]> allowed = TestHttp.send(HttpRequest.newBuilder(
                            URI.create(TestHttp.url(volume, "/admin/volume/allocate?volume=99")))
                    .header(InternalTokens.HEADER, SECURITY.internal().orElseThrow().token())
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(allowed.statusCode()).isEqualTo(200);
            // reads stay open
            assertThat(TestHttp.get(volume, "/status").statusCode()).isEqualTo(200);
            assertThat(TestHttp.get(c.masterUrl(), "/dir/status").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void lookupHandsDeleteTokensOnlyToRolesAndTheClientDeletesWithOne() {
        try (LocalCluster c = cluster();
             HayloftClient trusted = HayloftClient.create(ClientConfig.defaults(List.of(c.masterUrl())), SECURITY);
             HayloftClient stranger = HayloftClient.connect(c.masterUrl())) {
            var put = stranger.put("x".getBytes(), "x.txt", "text/plain", AssignRequest.single());
            FileId fid = FileId.parse(put.fid());
            assertThat(stranger.download(fid)).isEqualTo("x".getBytes());
            JsonNode anonymous = TestHttp.json(TestHttp.get(c.masterUrl(), "/dir/lookup?fileId=" + fid));
            assertThat(anonymous.has("auth")).isFalse();
            assertThat(trusted.masters().lookup(fid).auth()).isNotBlank();
            assertThatThrownBy(() -> stranger.delete(fid)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
            assertThat(stranger.download(fid)).isEqualTo("x".getBytes());
            assertThat(trusted.delete(fid)).isPositive();
            assertThatThrownBy(() -> stranger.download(fid)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void writesThroughTheFilerAndTheS3GatewayStillWork() throws Exception {
        try (LocalCluster c = cluster();
             FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), c.masterUrl())
                     .withChunking(1 << 16, 1024, 4).withSecurity(SECURITY))) {
            byte[] big = new byte[200_000];
            new java.util.Random(7).nextBytes(big);
            HttpResponse<byte[]> put = TestHttp.send(HttpRequest.newBuilder(URI.create(TestHttp.url(filer.url(), "/docs/big.bin")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build());
            assertThat(put.statusCode()).as(TestHttp.text(put)).isLessThan(300);
            assertThat(TestHttp.get(filer.url(), "/docs/big.bin").body()).isEqualTo(big);
            int needles = storedNeedles(c);
            assertThat(needles).isGreaterThanOrEqualTo(4);
            assertThat(TestHttp.delete(filer.url(), "/docs/big.bin").statusCode()).isLessThan(300);
            // the filer's deletion collector removes the chunks on the volume servers: its deletes pass
            Await.until("the chunks deleted", Duration.ofSeconds(30), () -> storedNeedles(c) == 0);

            for (S3Gateway.FilerPath path : S3Gateway.FilerPath.values()) {
                try (var s3 = io.hayloft.s3.S3Server.start(io.hayloft.s3.S3Config.defaults(path.open(filer),
                        () -> io.hayloft.s3.auth.Identities.of(List.of(new io.hayloft.s3.auth.Identity("admin",
                                List.of(new io.hayloft.s3.auth.Identity.Credential(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET)),
                                List.of(io.hayloft.s3.auth.Grant.parse("Admin")))))).withBindHost("127.0.0.1").withPort(0));
                     var client = software.amazon.awssdk.services.s3.S3Client.builder()
                             .endpointOverride(URI.create("http://127.0.0.1:" + s3.port()))
                             .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                             .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                     software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                             S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))).build()) {
                    String bucket = "signed-" + path.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                    client.createBucket(b -> b.bucket(bucket));
                    client.putObject(b -> b.bucket(bucket).key("k"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(big));
                    assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).as(path.name())
                            .isEqualTo(big);
                    client.deleteObject(b -> b.bucket(bucket).key("k"));
                }
            }
        }
    }

    @Test
    void signedReadsNeedAReadTokenOnTheFastPathAndTheRouterAlike() {
        SigningKey readKey = SigningKey.of("read-key-for-the-test-cluster", "read");
        SecurityConfig withReads = SECURITY.withRead(new FidTokens(readKey, Duration.ofSeconds(30), Clock.systemUTC()));
        try (LocalCluster c = LocalCluster.start(root, m -> m.withSecurity(withReads))) {
            c.addVolumeServer(v -> v.withMaxVolumes(List.of(8)).withSecurity(withReads));
            JsonNode assigned = TestHttp.json(TestHttp.get(c.masterUrl(), "/dir/assign"));
            String fid = assigned.get("fid").asString();
            String volume = assigned.get("url").asString();
            assertThat(upload(volume, fid, "Bearer " + assigned.get("auth").asString(), new byte[] {42}).statusCode())
                    .isEqualTo(201);
            String read = TestHttp.json(TestHttp.get(c.masterUrl(), "/dir/lookup?fileId=" + fid)).get("readAuth").asString();
            HttpResponse<byte[]> open = TestHttp.get(volume, "/" + fid);
            assertThat(open.statusCode()).isEqualTo(401);
            assertThat(TestHttp.get(volume, "/" + fid + "?dl=true").statusCode()).isEqualTo(401);
            // the write token is no read token: another key
            assertThat(TestHttp.send(HttpRequest.newBuilder(URI.create(TestHttp.url(volume, "/" + fid)))
                    .header("Authorization", "Bearer " + assigned.get("auth").asString()).build()).statusCode()).isEqualTo(401);
            assertThat(TestHttp.get(volume, "/" + fid + "?jwt=" + read).body()).isEqualTo(new byte[] {42});
            HttpResponse<byte[]> fast = TestHttp.send(HttpRequest.newBuilder(URI.create(TestHttp.url(volume, "/" + fid)))
                    .header("Authorization", "Bearer " + read).build());
            assertThat(fast.statusCode()).isEqualTo(200);
            assertThat(fast.body()).isEqualTo(new byte[] {42});
            try (HayloftClient client = HayloftClient.connect(c.masterUrl())) {
                assertThat(client.download(FileId.parse(fid))).isEqualTo(new byte[] {42});
            }
        }
    }

    /** Live needles (files) over every volume server, from their {@code /status}. */
    private static int storedNeedles(LocalCluster c) {
        int n = 0;
        for (var v : c.volumeServers()) {
            for (JsonNode vol : TestHttp.json(TestHttp.get(v.url(), "/status")).get("Volumes")) {
                n += vol.get("FileCount").asInt();
            }
        }
        return n;
    }
}
