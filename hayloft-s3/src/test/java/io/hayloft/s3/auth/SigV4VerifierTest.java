package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verifier against the worked examples of AWS's S3 SigV4 documentation ("Examples: Signature
 * Calculations in AWS Signature Version 4", "Authenticating Requests: Using Query Parameters",
 * "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"),
 * whose keys, requests and signatures are published, plus the refusals.
 */
class SigV4VerifierTest {
    static final String AK = "AKIAIOSFODNN7EXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EMPTY = SigV4.EMPTY_SHA256;

    static Identities identities() {
        return Identities.of(List.of(new Identity("doc", List.of(new Identity.Credential(AK, SK)),
                List.of(Grant.parse("Admin")))));
    }

    static SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(SigV4VerifierTest::identities, Clock.fixed(now, ZoneOffset.UTC));
    }

    static SignedRequest request(String method, String path, String query, Map<String, String> headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new SignedRequest(method, path, QueryString.parse(query), h);
    }

    static String auth(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + AK + "/20130524/us-east-1/s3/aws4_request,SignedHeaders="
                + signedHeaders + ",Signature=" + signature;
    }

    @Test
    void signingKeyMatchesAwsDerivationExample() {
        // "Examples of how to derive a signing key for Signature Version 4" (IAM, 20120215)
        byte[] key = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assertThat(java.util.HexFormat.of().formatHex(key))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void acceptsAwsGetObjectExample() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("Range", "bytes=0-9");
        h.put("x-amz-content-sha256", EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", auth("host;range;x-amz-content-sha256;x-amz-date",
                "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
        Authentication a = verifierAt(DOC_TIME).verify(request("GET", "/test.txt", "", h));
        assertThat(a.identity().name()).isEqualTo("doc");
        assertThat(a.payloadHash()).isEqualTo(EMPTY);
    }

    @Test
    void acceptsAwsPutObjectExampleWithEscapedKey() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("Date", "Fri, 24 May 2013 00:00:00 GMT");
        h.put("x-amz-date", "20130524T000000Z");
        h.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        h.put("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        h.put("Authorization", auth("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
        verifierAt(DOC_TIME).verify(request("PUT", "/test%24file.text", "", h));
    }

    @Test
    void acceptsAwsListObjectsExampleWithQuery() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("x-amz-content-sha256", EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", auth("host;x-amz-content-sha256;x-amz-date",
                "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
        verifierAt(DOC_TIME).verify(request("GET", "/", "max-keys=2&prefix=J", h));
    }

    static SignedRequest presignedDocExample() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1"
                + "%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        return request("GET", "/test.txt", query, Map.of("Host", "examplebucket.s3.amazonaws.com"));
    }

    @Test
    void acceptsAwsPresignedExampleUntilItExpires() {
        verifierAt(DOC_TIME.plusSeconds(86_400)).verify(presignedDocExample());
        assertThatThrownBy(() -> verifierAt(DOC_TIME.plusSeconds(86_401)).verify(presignedDocExample()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(S3ErrorCode.ACCESS_DENIED);
                    assertThat(e.getMessage()).isEqualTo("Request has expired");
                });
    }

    @Test
    void refusesPresignedExpiresOfZeroOrOverAWeek() {
        for (String expires : new String[] {"0", "604801", "-5", "soon"}) {
            SignedRequest r = presignedDocExample();
            List<Map.Entry<String, String>> q = new ArrayList<>();
            for (Map.Entry<String, String> e : r.query()) {
                q.add(e.getKey().equals("X-Amz-Expires") ? Map.entry(e.getKey(), expires) : e);
            }
            SignedRequest changed = new SignedRequest(r.method(), r.rawPath(), q, r.headers());
            assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(changed)).as(expires)
                    .isInstanceOfSatisfying(S3Exception.class, e ->
                            assertThat(e.code()).isEqualTo(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR));
        }
    }

    @Test
    void awsChunkedExampleChunkSignaturesChainFromTheSeed() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "s3.amazonaws.com");
        h.put("x-amz-date", "20130524T000000Z");
        h.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        h.put("Content-Encoding", "aws-chunked");
        h.put("x-amz-decoded-content-length", "66560");
        h.put("Content-Length", "66824");
        h.put("x-amz-content-sha256", Authentication.STREAMING_SIGNED);
        h.put("Authorization", auth("content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-decoded-content-length;x-amz-storage-class",
                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"));
        Authentication a = verifierAt(DOC_TIME).verify(request("PUT", "/examplebucket/chunkObject.txt", "", h));
        Authentication.ChunkSigning chain = a.chunks();
        String first = chain.chunkSignature(chain.seedSignature(), SigV4.sha256Hex("a".repeat(65536)));
        assertThat(first).isEqualTo("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        String second = chain.chunkSignature(first, SigV4.sha256Hex("a".repeat(1024)));
        assertThat(second).isEqualTo("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        assertThat(chain.chunkSignature(second, EMPTY))
                .isEqualTo("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
    }

    @Test
    void wrongSignatureCarriesTheStringToSign() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("x-amz-content-sha256", EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", auth("host;x-amz-content-sha256;x-amz-date", "00".repeat(32)));
        assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(request("GET", "/test.txt", "", h)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
                    assertThat(e.details().get("StringToSign"))
                            .startsWith("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n");
                    assertThat(e.details().get("CanonicalRequest")).startsWith("GET\n/test.txt\n\nhost:");
                });
    }

    @Test
    void unknownKeyIsInvalidAccessKeyId() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "h");
        h.put("x-amz-content-sha256", EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", auth("host;x-amz-content-sha256;x-amz-date", "00").replace(AK, "NOSUCHKEY"));
        assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(request("GET", "/", "", h)))
                .isInstanceOfSatisfying(S3Exception.class, e ->
                        assertThat(e.code()).isEqualTo(S3ErrorCode.INVALID_ACCESS_KEY_ID));
    }

    @Test
    void unsignedRequestIsNobodyWithoutAnAnonymousIdentity() {
        Authentication nobody = verifierAt(DOC_TIME).verify(request("GET", "/", "", Map.of("Host", "h")));
        assertThat(nobody.anonymous()).isTrue();
        for (Action action : Action.values()) {
            assertThat(nobody.identity().allows(action, "public")).isFalse();
            assertThat(nobody.identity().allows(action, "")).isFalse();
        }
        Identities withAnonymous = Identities.of(List.of(new Identity(Identity.ANONYMOUS, List.of(),
                List.of(Grant.parse("Read:public")))));
        Authentication a = new SigV4Verifier(() -> withAnonymous, Clock.systemUTC())
                .verify(request("GET", "/public/x", "", Map.of("Host", "h")));
        assertThat(a.anonymous()).isTrue();
        assertThat(a.identity().allows(Action.READ, "public")).isTrue();
        assertThat(a.identity().allows(Action.WRITE, "public")).isFalse();
        assertThat(a.identity().allows(Action.READ, "private")).isFalse();
    }

    @Test
    void skewedDateIsRefused() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("Range", "bytes=0-9");
        h.put("x-amz-content-sha256", EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", auth("host;range;x-amz-content-sha256;x-amz-date",
                "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
        assertThatThrownBy(() -> verifierAt(DOC_TIME.plusSeconds(16 * 60)).verify(request("GET", "/test.txt", "", h)))
                .isInstanceOfSatisfying(S3Exception.class, e ->
                        assertThat(e.code()).isEqualTo(S3ErrorCode.REQUEST_TIME_TOO_SKEWED));
    }

    @Test
    void garbageAuthorizationHeadersAreMalformedNotCrashes() {
        for (String garbage : new String[] {"", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential", "Bearer x",
                "AWS4-HMAC-SHA256 Credential=a/b/c,SignedHeaders=host,Signature=1",
                "AWS4-HMAC-SHA256 Credential=" + AK + "/20130524/us-east-1/ec2/aws4_request,SignedHeaders=host,Signature=1",
                "AWS4-HMAC-SHA256 Credential=" + AK + "/20130524/us-east-1/s3/aws4_request,SignedHeaders=x-b;host,Signature=1",
                "AWS AKIA:sig"}) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", "h");
            h.put("x-amz-date", "20130524T000000Z");
            h.put("x-amz-content-sha256", EMPTY);
            h.put("Authorization", garbage);
            assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(request("GET", "/", "", h))).as(garbage)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code().status()).isBetween(400, 499));
        }
    }
}
