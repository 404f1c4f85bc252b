package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Browser POST uploads ({@code multipart/form-data} to {@code /bucket}), signed with signature version 2 and
 * 4 over a policy document as a browser form carries them (the SDK has no POST upload, so the test builds
 * the form and signs it as AWS documents; the SDK then reads what was stored), unsigned into a
 * {@code public-read-write} bucket, and refused: a policy condition failed, a file over the policy's size
 * range, a bad signature, a malformed form — each leaving nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3PostObjectTest {
    private static final String BOUNDARY = "hayloftFormBoundary0123";
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    static Path root;

    private S3Gateway gateway;
    private S3Client alice;

    @BeforeAll
    void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS);
        alice = gateway.client(S3Gateway.ALICE_KEY, S3Gateway.ALICE_SECRET);
        alice.createBucket(b -> b.bucket("uploads"));
    }

    @AfterAll
    void stop() {
        alice.close();
        gateway.close();
    }

    private String policy(String conditions) {
        String json = "{\"expiration\": \"" + EXPIRATION.format(gateway.clock.instant().plusSeconds(600))
                + "\", \"conditions\": [" + conditions + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The V2 form signature: base64 HMAC-SHA1 of the policy with the secret key. */
    private static String signV2(String policy) throws Exception {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", S3Gateway.ALICE_SECRET.getBytes(StandardCharsets.UTF_8),
                policy));
    }

    private static byte[] form(Map<String, String> fields, String fileName, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k
                + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<byte[]> post(String bucket, byte[] body) {
        return TestHttp.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/" + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private boolean exists(String bucket, String key) {
        try {
            alice.headObject(h -> h.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aV2SignedFormStoresTheFileWithItsFields() throws Exception {
        String policy = policy("{\"bucket\": \"uploads\"}, [\"starts-with\", \"$key\", \"user/\"],"
                + " [\"starts-with\", \"$Content-Type\", \"text/\"], [\"eq\", \"$x-amz-meta-color\", \"blue\"],"
                + " [\"content-length-range\", 1, 1024], {\"success_action_status\": \"201\"}");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "user/${filename}");
        fields.put("AWSAccessKeyId", S3Gateway.ALICE_KEY);
        fields.put("policy", policy);
        fields.put("signature", signV2(policy));
        fields.put("Content-Type", "text/plain");
        fields.put("x-amz-meta-color", "blue");
        fields.put("success_action_status", "201");
        HttpResponse<byte[]> r = post("uploads", form(fields, "note.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
        assertThat(text(r)).contains("<Key>user/note.txt</Key>").contains("<Bucket>uploads</Bucket>");
        assertThat(alice.getObjectAsBytes(g -> g.bucket("uploads").key("user/note.txt")).asUtf8String()).isEqualTo("hello");
        HeadObjectResponse head = alice.headObject(h -> h.bucket("uploads").key("user/note.txt"));
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsEntry("color", "blue");

        fields.put("key", "elsewhere/x.txt");
        HttpResponse<byte[]> outside = post("uploads", form(fields, "x.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(text(outside)).contains("<Code>AccessDenied</Code>");
        assertThat(exists("uploads", "elsewhere/x.txt")).isFalse();

        fields.put("key", "user/big.bin");
        HttpResponse<byte[]> big = post("uploads", form(fields, "big.bin", new byte[2048]));
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(text(big)).contains("<Code>EntityTooLarge</Code>");
        assertThat(exists("uploads", "user/big.bin")).isFalse();

        fields.put("key", "user/forged.txt");
        fields.put("signature", signV2(policy("{\"bucket\": \"uploads\"}")));
        HttpResponse<byte[]> forged = post("uploads", form(fields, "f.txt", "f".getBytes(StandardCharsets.UTF_8)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(text(forged)).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(exists("uploads", "user/forged.txt")).isFalse();
    }

    @Test
    void aV4SignedFormIsAccepted() throws Exception {
        Instant now = gateway.clock.instant();
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
        String credential = S3Gateway.ALICE_KEY + "/" + date + "/us-east-1/s3/aws4_request";
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String policy = policy("{\"bucket\": \"uploads\"}, {\"key\": \"v4.txt\"}, {\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"},"
                + " {\"x-amz-credential\": \"" + credential + "\"}, {\"x-amz-date\": \"" + amzDate + "\"}");
        byte[] key = hmac("HmacSHA256", ("AWS4" + S3Gateway.ALICE_SECRET).getBytes(StandardCharsets.UTF_8), date);
        key = hmac("HmacSHA256", key, "us-east-1");
        key = hmac("HmacSHA256", key, "s3");
        key = hmac("HmacSHA256", key, "aws4_request");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", "v4.txt");
        fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", amzDate);
        fields.put("policy", policy);
        fields.put("x-amz-signature", HexFormat.of().formatHex(hmac("HmacSHA256", key, policy)));
        HttpResponse<byte[]> r = post("uploads", form(fields, "v4.txt", "four".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(204);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(alice.getObjectAsBytes(g -> g.bucket("uploads").key("v4.txt")).asUtf8String()).isEqualTo("four");
    }

    @Test
    void unsignedFormsNeedABucketThatAdmitsAnonymousWrites() {
        alice.createBucket(b -> b.bucket("dropbox"));
        Map<String, String> fields = Map.of("key", "anon.txt", "acl", "public-read");
        assertThat(post("dropbox", form(fields, "a.txt", "a".getBytes(StandardCharsets.UTF_8))).statusCode())
                .isEqualTo(403);
        assertThat(exists("dropbox", "anon.txt")).isFalse();
        alice.putBucketAcl(p -> p.bucket("dropbox").acl(BucketCannedACL.PUBLIC_READ_WRITE));
        assertThat(post("dropbox", form(fields, "a.txt", "a".getBytes(StandardCharsets.UTF_8))).statusCode())
                .isEqualTo(204);
        assertThat(TestHttp.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/dropbox/anon.txt")).build())
                .statusCode()).as("the form's public-read ACL").isEqualTo(200);

        byte[] truncated = form(Map.of("key", "cut.txt"), "c.txt", "c".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> cut = post("dropbox", java.util.Arrays.copyOf(truncated, truncated.length - 10));
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(text(cut)).contains("<Code>MalformedPOSTRequest</Code>");
        assertThat(exists("dropbox", "cut.txt")).isFalse();
        HttpResponse<byte[]> noKey = post("dropbox", form(Map.of("acl", "private"), "c.txt", new byte[1]));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(text(noKey)).contains("<Code>InvalidArgument</Code>");
        assertThatThrownBy(() -> alice.headObject(h -> h.bucket("dropbox").key("c.txt"))).isNotNull();
    }
}
