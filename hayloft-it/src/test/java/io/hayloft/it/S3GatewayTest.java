package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The S3 gateway driven by the AWS SDK v2 for Java over a real in-process cluster (master, volume
 * server, filer): buckets, objects small and multi-MiB, ranges, copies, multi-delete, listings checked
 * against a model, the auth refusals, presigned URLs, and objects shared with the filer's own API. Run
 * twice: with the gateway reaching the filer over HTTP ({@code hayloft s3}) and by method call
 * ({@code hayloft server}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "gateway to filer over {0}")
@EnumSource(S3Gateway.FilerPath.class)
class S3GatewayTest {
    @TempDir
    static java.nio.file.Path root;

    @Parameter
    S3Gateway.FilerPath filerPath;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeParameterizedClassInvocation
    void start() {
        gateway = S3Gateway.start(root.resolve(filerPath.name()), filerPath);
        s3 = gateway.admin();
    }

    @AfterParameterizedClassInvocation
    void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static String errorCode(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void bucketsAndObjectsRoundTripThroughTheSdk() throws Exception {
        s3.createBucket(b -> b.bucket("photos"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("photos");
        s3.headBucket(b -> b.bucket("photos"));
        s3.createBucket(b -> b.bucket("photos")); // us-east-1 answers its owner 200 again
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("photos")
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("BucketAlreadyOwnedByYou"));

        byte[] small = "hello, hayloft".getBytes(StandardCharsets.UTF_8);
        String eTag = s3.putObject(p -> p.bucket("photos").key("notes/hello.txt").contentType("text/plain")
                .metadata(Map.of("color", "blue")), RequestBody.fromBytes(small)).eTag();
        assertThat(eTag).isEqualTo("\"" + md5(small) + "\"");
        HeadObjectResponse head = s3.headObject(h -> h.bucket("photos").key("notes/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(small.length);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsEntry("color", "blue");
        assertThat(head.eTag()).isEqualTo(eTag);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket("photos").key("notes/hello.txt"));
        assertThat(got.asByteArray()).isEqualTo(small);
        assertThat(got.response().metadata()).containsEntry("color", "blue");

        byte[] big = new byte[5 * (1 << 20) + 12345];
        new Random(42).nextBytes(big);
        String bigTag = s3.putObject(p -> p.bucket("photos").key("raw/big.bin"), RequestBody.fromBytes(big)).eTag();
        assertThat(bigTag).isEqualTo("\"" + md5(big) + "\"");
        assertThat(s3.getObjectAsBytes(g -> g.bucket("photos").key("raw/big.bin")).asByteArray()).isEqualTo(big);
        ResponseBytes<GetObjectResponse> ranged = s3.getObjectAsBytes(g -> g.bucket("photos").key("raw/big.bin")
                .range("bytes=1048570-2097160"));
        assertThat(ranged.response().contentRange()).isEqualTo("bytes 1048570-2097160/" + big.length);
        assertThat(ranged.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(big, 1048570, 2097161));

        CopyObjectResponse copied = s3.copyObject(c -> c.sourceBucket("photos").sourceKey("notes/hello.txt")
                .destinationBucket("photos").destinationKey("notes/copy.txt"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(eTag);
        HeadObjectResponse copyHead = s3.headObject(h -> h.bucket("photos").key("notes/copy.txt"));
        assertThat(copyHead.metadata()).containsEntry("color", "blue");
        assertThat(copyHead.contentType()).isEqualTo("text/plain");

        ListObjectsV2Response listed = s3.listObjectsV2(l -> l.bucket("photos"));
        assertThat(listed.contents()).extracting(S3Object::key)
                .containsExactly("notes/copy.txt", "notes/hello.txt", "raw/big.bin");
        assertThat(listed.contents().get(2).size()).isEqualTo(big.length);
        ListObjectsV2Response folders = s3.listObjectsV2(l -> l.bucket("photos").delimiter("/"));
        assertThat(folders.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("notes/", "raw/");
        assertThat(folders.contents()).isEmpty();

        assertThatThrownBy(() -> s3.deleteBucket(d -> d.bucket("photos")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("BucketNotEmpty"));
        s3.deleteObject(d -> d.bucket("photos").key("notes/copy.txt"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("photos").key("notes/copy.txt")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        DeleteObjectsResponse multi = s3.deleteObjects(d -> d.bucket("photos").delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("notes/hello.txt").build(),
                        ObjectIdentifier.builder().key("raw/big.bin").build(),
                        ObjectIdentifier.builder().key("never/was").build()).build()));
        assertThat(multi.deleted()).hasSize(3);
        assertThat(multi.errors()).isEmpty();
        assertThat(s3.listObjectsV2(l -> l.bucket("photos")).contents()).isEmpty();
        s3.deleteBucket(d -> d.bucket("photos"));
        assertThatThrownBy(() -> s3.headBucket(h -> h.bucket("photos")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }

    /** Sends a request signed by the SDK's own signer (so only what the test breaks on purpose is wrong). */
    private HttpResponse<byte[]> signed(String method, String pathAndQuery, byte[] signedBody, byte[] sentBody,
                                       Map<String, String> headers) {
        URI uri = URI.create(gateway.endpoint() + pathAndQuery);
        software.amazon.awssdk.http.SdkHttpRequest.Builder b = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(b::putHeader);
        software.amazon.awssdk.http.SdkHttpRequest request = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
                .create().sign(s -> s
                        .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(
                                S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))
                        .request(b.build())
                        .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(signedBody))
                        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, gateway.clock))
                .request();
        HttpRequest.Builder jdk = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(sentBody));
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) {
                v.forEach(value -> jdk.header(k, value));
            }
        });
        return TestHttp.send(jdk.build());
    }

    private static HttpResponse<byte[]> raw(HttpRequest.Builder request) {
        return TestHttp.send(request.timeout(Duration.ofSeconds(30)).build());
    }

    /** Asserts an S3 XML error with {@code status} and {@code code}, naming the request. */
    private static void assertS3Error(HttpResponse<byte[]> r, int status, String code) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(body).contains("<Code>" + code + "</Code>", "<Message>", "<Resource>", "<RequestId>");
    }

    @Test
    void refusesWrongSecretUnknownKeyAnonymousAndUngrantedActions() {
        s3.createBucket(b -> b.bucket("shared"));
        s3.putObject(p -> p.bucket("shared").key("doc.txt"), RequestBody.fromString("shared doc"));
        try (S3Client wrongSecret = gateway.client(S3Gateway.ADMIN_KEY, "not-the-secret");
             S3Client unknown = gateway.client("NOSUCHKEY", "whatever");
             S3Client reader = gateway.client(S3Gateway.READER_KEY, S3Gateway.READER_SECRET)) {
            assertThatThrownBy(() -> wrongSecret.listBuckets())
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("SignatureDoesNotMatch"));
            assertThatThrownBy(() -> wrongSecret.putObject(p -> p.bucket("shared").key("doc.txt"),
                    RequestBody.fromString("overwritten"))).satisfies(e -> assertThat(errorCode(e))
                    .isEqualTo("SignatureDoesNotMatch"));
            assertThatThrownBy(() -> unknown.listObjectsV2(l -> l.bucket("shared")))
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidAccessKeyId"));

            assertThat(reader.getObjectAsBytes(g -> g.bucket("shared").key("doc.txt")).asUtf8String())
                    .isEqualTo("shared doc");
            assertThat(reader.listObjectsV2(l -> l.bucket("shared")).contents()).hasSize(1);
            assertThatThrownBy(() -> reader.putObject(p -> p.bucket("shared").key("doc.txt"),
                    RequestBody.fromString("overwritten"))).satisfies(e -> assertThat(errorCode(e))
                    .isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> reader.listBuckets())
                    .satisfies(e -> assertThat(errorCode(e)).isEqualTo("AccessDenied"));
        }
        HttpResponse<byte[]> anonymous = raw(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/shared/doc.txt")));
        assertS3Error(anonymous, 403, "AccessDenied");
        HttpResponse<byte[]> anonymousPut = raw(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/shared/doc.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("overwritten")));
        assertS3Error(anonymousPut, 403, "AccessDenied");
        assertThat(s3.getObjectAsBytes(g -> g.bucket("shared").key("doc.txt")).asUtf8String()).isEqualTo("shared doc");

        HttpResponse<byte[]> wrong = signed("GET", "/shared/doc.txt", new byte[0], new byte[0], Map.of());
        assertThat(wrong.statusCode()).isEqualTo(200);
    }

    @Test
    void presignedGetWorksUntilItExpires() {
        s3.createBucket(b -> b.bucket("presign"));
        s3.putObject(p -> p.bucket("presign").key("a/b c.txt"), RequestBody.fromString("presigned bytes"));
        try (var presigner = gateway.presigner()) {
            PresignedGetObjectRequest url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("presign").key("a/b c.txt")));
            HttpResponse<byte[]> ok = raw(HttpRequest.newBuilder(url.url().toURI()));
            assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("presigned bytes");
            gateway.clock.advance(Duration.ofMinutes(6));
            try {
                HttpResponse<byte[]> expired = raw(HttpRequest.newBuilder(url.url().toURI()));
                assertS3Error(expired, 403, "AccessDenied");
                assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("Request has expired");
            } finally {
                gateway.clock.advance(Duration.ofMinutes(-6));
            }
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void objectsAreSharedWithTheFilerApi() {
        s3.createBucket(b -> b.bucket("shared-fs"));
        s3.putObject(p -> p.bucket("shared-fs").key("from-s3/report.txt"), RequestBody.fromString("written by s3"));
        HttpResponse<byte[]> viaFiler = TestHttp.get(gateway.filer.url(), "/buckets/shared-fs/from-s3/report.txt");
        assertThat(viaFiler.statusCode()).isEqualTo(200);
        assertThat(new String(viaFiler.body(), StandardCharsets.UTF_8)).isEqualTo("written by s3");

        HttpResponse<byte[]> posted = TestHttp.postRaw(gateway.filer.url(), "/buckets/shared-fs/from-filer/notes.txt",
                "text/plain", "written by the filer".getBytes(StandardCharsets.UTF_8));
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(s3.getObjectAsBytes(g -> g.bucket("shared-fs").key("from-filer/notes.txt")).asUtf8String())
                .isEqualTo("written by the filer");
        assertThat(s3.listObjectsV2(l -> l.bucket("shared-fs")).contents()).extracting(S3Object::key)
                .containsExactly("from-filer/notes.txt", "from-s3/report.txt");
    }

    @Test
    void listingsMatchAModelForAnyPrefixDelimiterAndPageSize() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        s3.createBucket(b -> b.bucket("listing"));
        String[] dirs = {"a", "a.b", "a-b", "ab", "a b", "b", "z"};
        String[] files = {"a.txt", "a", "a0", "a-", "b.bin", "c", "a!"};
        java.util.TreeSet<String> model = new java.util.TreeSet<>();
        while (model.size() < 40) {
            int depth = random.nextInt(3);
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                key.append(dirs[random.nextInt(dirs.length)]).append('/');
            }
            key.append("f").append(files[random.nextInt(files.length)]);
            model.add(key.toString());
        }
        for (String key : model) {
            s3.putObject(p -> p.bucket("listing").key(key), RequestBody.fromString(key));
        }
        String[] prefixes = {"", "a", "a/", "a.b/", "ab/f", "b/z/", "zz", "a b/"};
        String[] delimiters = {"", "/", "b", "."};
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                int maxKeys = 1 + random.nextInt(7);
                List<String> expectKeys = new ArrayList<>();
                List<String> expectPrefixes = new ArrayList<>();
                for (String k : model) {
                    if (!k.startsWith(prefix)) {
                        continue;
                    }
                    int d = delimiter.isEmpty() ? -1 : k.indexOf(delimiter, prefix.length());
                    if (d >= 0) {
                        String cp = k.substring(0, d + delimiter.length());
                        if (expectPrefixes.isEmpty() || !expectPrefixes.getLast().equals(cp)) {
                            expectPrefixes.add(cp);
                        }
                    } else {
                        expectKeys.add(k);
                    }
                }
                String what = "seed " + seed + " prefix '" + prefix + "' delimiter '" + delimiter + "' max " + maxKeys;
                List<String> keys = new ArrayList<>();
                List<String> commons = new ArrayList<>();
                for (ListObjectsV2Response page : s3.listObjectsV2Paginator(l -> l.bucket("listing").prefix(prefix)
                        .delimiter(delimiter.isEmpty() ? null : delimiter).maxKeys(maxKeys))) {
                    assertThat(page.contents().size() + page.commonPrefixes().size()).as(what).isLessThanOrEqualTo(maxKeys);
                    page.contents().forEach(o -> keys.add(o.key()));
                    page.commonPrefixes().forEach(c -> commons.add(c.prefix()));
                }
                assertThat(keys).as(what).isEqualTo(expectKeys);
                assertThat(commons).as(what).isEqualTo(expectPrefixes);

                List<String> v1Keys = new ArrayList<>();
                List<String> v1Commons = new ArrayList<>();
                String marker = null;
                while (true) {
                    String m = marker;
                    var page = s3.listObjects(l -> l.bucket("listing").prefix(prefix).marker(m)
                            .delimiter(delimiter.isEmpty() ? null : delimiter).maxKeys(maxKeys));
                    page.contents().forEach(o -> v1Keys.add(o.key()));
                    page.commonPrefixes().forEach(c -> v1Commons.add(c.prefix()));
                    if (!page.isTruncated()) {
                        break;
                    }
                    marker = page.nextMarker();
                }
                assertThat(v1Keys).as("V1 " + what).isEqualTo(expectKeys);
                assertThat(v1Commons).as("V1 " + what).isEqualTo(expectPrefixes);
            }
        }
        String after = model.stream().skip(model.size() / 2).findFirst().orElseThrow();
        assertThat(s3.listObjectsV2(l -> l.bucket("listing").startAfter(after)).contents()).extracting(S3Object::key)
                .as("seed " + seed).isEqualTo(new ArrayList<>(model.tailSet(after, false)));
    }

    @Test
    void badInputGetsS3XmlErrorsAndChangesNothing() {
        s3.createBucket(b -> b.bucket("guarded"));
        s3.putObject(p -> p.bucket("guarded").key("keep.txt"), RequestBody.fromString("original"));

        for (String bad : new String[] {"Bad_Name", "ab", "-abc", "a..b", "192.168.1.1", "x".repeat(64)}) {
            // raw: the SDK refuses some of these names itself
            assertS3Error(signed("PUT", "/" + bad, new byte[0], new byte[0], Map.of()), 400, "InvalidBucketName");
        }
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("Bad_Name", "ab", "-abc");
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("guarded").key("keep.txt").range("bytes=100-200")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidRange"));
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("guarded").key("keep.txt")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("replacement")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("BadDigest"));
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("guarded").key("missing")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchKey"));
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("no-such-bucket").key("x")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchBucket"));

        byte[] malformed = "<Delete><Object><Key>keep.txt</Key></Object>".getBytes(StandardCharsets.UTF_8);
        assertS3Error(signed("POST", "/guarded?delete", malformed, malformed, Map.of()), 400, "MalformedXML");
        byte[] entity = ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>").getBytes(StandardCharsets.UTF_8);
        assertS3Error(signed("POST", "/guarded?delete", entity, entity, Map.of()), 400, "MalformedXML");
        byte[] claimed = "claimed body".getBytes(StandardCharsets.UTF_8);
        byte[] sent = "sent bodyyyy".getBytes(StandardCharsets.UTF_8);
        assertS3Error(signed("PUT", "/guarded/keep.txt", claimed, sent, Map.of()), 400, "XAmzContentSHA256Mismatch");
        assertS3Error(signed("GET", "/guarded?website", new byte[0], new byte[0], Map.of()), 501, "NotImplemented");
        assertS3Error(signed("PUT", "/guarded/a//b", new byte[0], new byte[0], Map.of()), 400, "InvalidArgument");
        assertS3Error(signed("PUT", "/guarded/../escape", new byte[0], new byte[0], Map.of()), 400, "InvalidArgument");
        assertS3Error(raw(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/guarded/keep.txt"))
                .header("Authorization", "AWS4-HMAC-SHA256 garbage")), 400, "AuthorizationHeaderMalformed");
        assertS3Error(raw(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/guarded/keep.txt"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=1")), 400,
                "AuthorizationHeaderMalformed");
        String hostPort = "127.0.0.1:" + gateway.s3.port();
        RawHttp.Answer badEscape = RawHttp.send(hostPort, "GET /guarded/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                Duration.ofSeconds(20));
        assertThat(badEscape.status()).as(badEscape.toString()).isEqualTo(400);
        assertThat(badEscape.text()).contains("<Code>InvalidArgument</Code>");
        RawHttp.Answer garbage = RawHttp.send(hostPort, "BLAH\r\n\r\n", Duration.ofSeconds(20));
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
        assertThat(garbage.text()).contains("<Code>BadRequest</Code>");
        RawHttp.Answer truncated = RawHttp.send(hostPort, ("PUT /guarded/keep.txt HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 100\r\n\r\nonly ten b").getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(20), true);
        assertThat(truncated.timedOut()).as("a truncated body is answered, not left hanging").isFalse();
        assertS3Error(raw(HttpRequest.newBuilder(URI.create(gateway.endpoint()
                + "/guarded/keep.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=0"))), 400,
                "AuthorizationQueryParametersError");

        assertThat(s3.getObjectAsBytes(g -> g.bucket("guarded").key("keep.txt")).asUtf8String()).isEqualTo("original");
        assertThat(s3.listObjectsV2(l -> l.bucket("guarded")).contents()).extracting(S3Object::key)
                .containsExactly("keep.txt");
    }

    @Test
    void multipartUploadAssemblesPartsWithTheMultipartETagAndAbortRemovesAnUpload() throws Exception {
        s3.createBucket(b -> b.bucket("multi"));
        Random random = new Random(7);
        byte[][] parts = {new byte[5 << 20], new byte[5 << 20], new byte[123_457]};
        for (byte[] p : parts) {
            random.nextBytes(p);
        }
        String id = s3.createMultipartUpload(c -> c.bucket("multi").key("big/object.bin").contentType("video/mp4")
                .metadata(Map.of("origin", "parts"))).uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new ArrayList<>();
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            int n = i + 1;
            byte[] data = parts[i];
            String eTag = s3.uploadPart(u -> u.bucket("multi").key("big/object.bin").uploadId(id).partNumber(n),
                    RequestBody.fromBytes(data)).eTag();
            assertThat(eTag).isEqualTo("\"" + md5(data) + "\"");
            done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(eTag).build());
            md5s.update(MessageDigest.getInstance("MD5").digest(data));
            whole.writeBytes(data);
        }
        assertThat(s3.listParts(l -> l.bucket("multi").key("big/object.bin").uploadId(id)).parts())
                .extracting(p -> p.partNumber()).containsExactly(1, 2, 3);
        String expected = "\"" + HexFormat.of().formatHex(md5s.digest()) + "-3\"";
        assertThatThrownBy(() -> s3.completeMultipartUpload(c -> c.bucket("multi").key("big/object.bin").uploadId(id)
                .multipartUpload(m -> m.parts(done.get(1), done.get(0)))))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidPartOrder"));
        var namespace = gateway.filer.services().namespace();
        List<io.hayloft.api.FileId> partChunks = namespace.list(io.hayloft.filer.entry.FullPath.parse(
                        io.hayloft.s3.object.MultipartUploads.ROOT + "/multi/" + id), "part-", true, 100).entries().stream()
                .filter(e -> e.name().startsWith("part-"))
                .flatMap(e -> e.chunks().stream().map(io.hayloft.filer.entry.FileChunk::fid)).toList();
        assertThat(partChunks).as("the two 5 MiB parts are chunked").isNotEmpty();
        String eTag = s3.completeMultipartUpload(c -> c.bucket("multi").key("big/object.bin").uploadId(id)
                .multipartUpload(m -> m.parts(done))).eTag();
        assertThat(eTag).isEqualTo(expected);
        assertThat(namespace.lookup(io.hayloft.filer.entry.FullPath.parse("/buckets/multi/big/object.bin")).chunks())
                .as("the object took over the parts' chunks: nothing was copied")
                .extracting(io.hayloft.filer.entry.FileChunk::fid).startsWith(partChunks.toArray(io.hayloft.api.FileId[]::new));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket("multi").key("big/object.bin"));
        assertThat(got.asByteArray()).isEqualTo(whole.toByteArray());
        assertThat(got.response().eTag()).isEqualTo(expected);
        assertThat(got.response().contentType()).isEqualTo("video/mp4");
        assertThat(got.response().metadata()).containsEntry("origin", "parts");
        assertThat(s3.listObjectsV2(l -> l.bucket("multi")).contents().getFirst().eTag()).isEqualTo(expected);
        assertThatThrownBy(() -> s3.listParts(l -> l.bucket("multi").key("big/object.bin").uploadId(id)))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchUpload"));

        String small = s3.createMultipartUpload(c -> c.bucket("multi").key("small")).uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> tiny = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int pn = n;
            String t = s3.uploadPart(u -> u.bucket("multi").key("small").uploadId(small).partNumber(pn),
                    RequestBody.fromString("tiny part " + pn)).eTag();
            tiny.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(t).build());
        }
        assertThatThrownBy(() -> s3.completeMultipartUpload(c -> c.bucket("multi").key("small").uploadId(small)
                .multipartUpload(m -> m.parts(tiny)))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("EntityTooSmall"));
        s3.abortMultipartUpload(a -> a.bucket("multi").key("small").uploadId(small));
        assertThatThrownBy(() -> s3.listParts(l -> l.bucket("multi").key("small").uploadId(small)))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchUpload"));
        assertThatThrownBy(() -> s3.uploadPart(u -> u.bucket("multi").key("small").uploadId("../../buckets/multi")
                .partNumber(1), RequestBody.fromString("x"))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchUpload"));
        assertThat(s3.listObjectsV2(l -> l.bucket("multi")).contents()).extracting(S3Object::key)
                .containsExactly("big/object.bin");
    }
}
