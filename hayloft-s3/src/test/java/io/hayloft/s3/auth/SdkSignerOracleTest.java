package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The AWS SDK v2's own SigV4 signer as the oracle: random requests (keys with spaces, unicode and
 * reserved characters, random query parameters, header values with inner spaces), signed in the header
 * and as presigned URLs, are accepted; the same requests changed after signing, or signed with another
 * secret, are refused. Seeded; the seed is in every failure message.
 */
class SdkSignerOracleTest {
    private static final String AK = "HAYLOFTTESTKEY";
    private static final String SK = "hayloft/secret+key";
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    private static final String KEY_CHARS = "abcXYZ019-._~ !$&'()*+,;=:@%/é日本\u00a0";

    private final SigV4Verifier verifier = new SigV4Verifier(() -> Identities.of(List.of(new Identity("t",
            List.of(new Identity.Credential(AK, SK)), List.of(Grant.parse("Admin"))))),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static String randomText(Random r, int max) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) {
            s.append(KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length())));
        }
        return s.toString();
    }

    private static SdkHttpRequest randomRequest(Random r, byte[] body) {
        String key = randomText(r, 20);
        SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                .method(r.nextBoolean() ? SdkHttpMethod.PUT : SdkHttpMethod.GET)
                .uri(URI.create("http://127.0.0.1:8333"))
                .encodedPath("/bucket/" + SigV4.uriEncode(key, true))
                .putHeader("x-amz-meta-note", "  two  spaces " + r.nextInt())
                .putHeader("Content-Length", Integer.toString(body.length));
        int params = r.nextInt(4);
        for (int i = 0; i < params; i++) {
            b.appendRawQueryParameter(randomText(r, 6).replace("X", "x"), randomText(r, 8));
        }
        return b.build();
    }

    /** The SDK's signed request as the verifier sees it: the wire's encoded path and query, the headers. */
    private static SignedRequest asWire(SdkHttpRequest signed) {
        URI uri = signed.getUri();
        return new SignedRequest(signed.method().name(), uri.getRawPath(), QueryString.parse(uri.getRawQuery()),
                withHost(signed));
    }

    private static Map<String, List<String>> withHost(SdkHttpRequest signed) {
        java.util.Map<String, List<String>> h = new java.util.LinkedHashMap<>(signed.headers());
        h.putIfAbsent("Host", List.of(signed.host() + ":" + signed.port()));
        return h;
    }

    private static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String secret, boolean presign) {
        return AwsV4HttpSigner.create().sign(s -> {
            s.identity(AwsCredentialsIdentity.create(AK, secret))
                .request(request)
                .payload(presign ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, !presign)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, presign
                        ? AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING : AwsV4FamilyHttpSigner.AuthLocation.HEADER)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW.minusSeconds(30), ZoneOffset.UTC));
            if (presign) {
                s.putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10));
            }
        }).request();
    }

    @Test
    void acceptsWhatTheSdkSignsAndRefusesWhatChangedOrUsedAnotherSecret() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            byte[] body = randomText(r, 40).getBytes(StandardCharsets.UTF_8);
            boolean presign = r.nextBoolean();
            SdkHttpRequest signed = sign(randomRequest(r, body), body, SK, presign);
            String what = "seed " + seed + " #" + i + " " + signed.getUri();
            Authentication a;
            try {
                a = verifier.verify(asWire(signed));
            } catch (S3Exception e) {
                throw new AssertionError(what + " " + signed.headers() + "\n" + e.details().get("CanonicalRequest"), e);
            }
            assertThat(a.identity().name()).as(what).isEqualTo("t");
            if (presign) {
                assertThat(a.payloadHash()).as(what).isEqualTo(Authentication.UNSIGNED_PAYLOAD);
            } else {
                assertThat(a.payloadHash()).as(what).isEqualTo(SigV4.sha256Hex(body));
            }

            SdkHttpRequest tampered = signed.toBuilder().putHeader("x-amz-meta-note", "changed").build();
            assertThatThrownBy(() -> verifier.verify(asWire(tampered))).as(what)
                    .isInstanceOfSatisfying(S3Exception.class, e ->
                            assertThat(e.code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
            SdkHttpRequest otherSecret = sign(randomRequest(new Random(seed + i), body), body, SK + "x", presign);
            assertThatThrownBy(() -> verifier.verify(asWire(otherSecret))).as(what)
                    .isInstanceOfSatisfying(S3Exception.class, e ->
                            assertThat(e.code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
        }
    }
}
