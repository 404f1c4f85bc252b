package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signature version 2 against the worked examples of AWS's "Signing and Authenticating REST Requests"
 * (bucket {@code johnsmith}, key {@code AKIAIOSFODNN7EXAMPLE}, whose requests and signatures are
 * published), through the front verifier ({@link SigV4Verifier#verify} hands V2 requests on), plus the
 * refusals.
 */
class SigV2VerifierTest {
    static final String AK = SigV4VerifierTest.AK;
    static final Instant DOC_TIME = Instant.parse("2007-03-27T19:36:42Z");

    static SigV4Verifier verifierAt(Instant now) {
        return SigV4VerifierTest.verifierAt(now);
    }

    /** A request with {@code headers} (a name given twice: "name" and "name#2"), path-style or on a virtual host. */
    static SignedRequest request(String method, String path, String query, Map<String, String> headers,
                                 String hostBucket) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.replaceAll("#\\d$", ""), x -> new java.util.ArrayList<>()).add(v));
        return new SignedRequest(method, path, QueryString.parse(query), h, hostBucket);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void acceptsTheDocsObjectGetOnAVirtualHost() {
        SignedRequest r = request("GET", "/photos/puppy.jpg", "", headers("Host", "johnsmith.s3.amazonaws.com",
                "Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "Authorization", "AWS " + AK + ":bWq2s1WEIj+Ydj0vQ697zp+IXMU="), "johnsmith");
        Authentication a = verifierAt(DOC_TIME).verify(r);
        assertThat(a.identity().name()).isEqualTo("doc");
        assertThat(a.accessKey()).isEqualTo(AK);
        assertThat(a.payloadHash()).isEqualTo(Authentication.UNSIGNED_PAYLOAD);
        assertThat(a.chunks()).isNull();
    }

    @Test
    void acceptsTheDocsExamplesPathStyle() {
        // Object PUT with a Content-Type
        verifierAt(Instant.parse("2007-03-27T21:15:45Z")).verify(request("PUT", "/johnsmith/photos/puppy.jpg", "",
                headers("Content-Type", "image/jpeg", "Content-Length", "94328", "Date", "Tue, 27 Mar 2007 21:15:45 +0000",
                        "Authorization", "AWS " + AK + ":MyyxeRY7whkBe+bq8fHCL/2kKUg="), ""));
        // List: the query's prefix and max-keys are no sub-resources
        verifierAt(Instant.parse("2007-03-27T19:42:41Z")).verify(request("GET", "/johnsmith/",
                "prefix=photos&max-keys=50&marker=puppy", headers("User-Agent", "Mozilla/5.0",
                        "Date", "Tue, 27 Mar 2007 19:42:41 +0000",
                        "Authorization", "AWS " + AK + ":htDYFYduRNen8P9ZfE/s9SuKy0U="), ""));
        // Fetch: ?acl is one
        verifierAt(Instant.parse("2007-03-27T19:44:46Z")).verify(request("GET", "/johnsmith/", "acl",
                headers("Date", "Tue, 27 Mar 2007 19:44:46 +0000",
                        "Authorization", "AWS " + AK + ":c2WLPFtWHVgbEmeEG93a4cG37dM="), ""));
    }

    @Test
    void acceptsTheDocsUploadWithAmzHeadersRepeatedAndMixedCase() {
        SignedRequest r = request("PUT", "/db-backup.dat.gz", "", headers("Host", "static.johnsmith.net:8080",
                "Date", "Tue, 27 Mar 2007 21:06:08 +0000", "x-amz-acl", "public-read",
                "content-type", "application/x-download", "Content-MD5", "4gJE4saaMU4BqNR0kLY+lw==",
                "X-Amz-Meta-ReviewedBy", "joe@johnsmith.net", "X-Amz-Meta-ReviewedBy#2", "jane@johnsmith.net",
                "X-Amz-Meta-FileChecksum", "0x02661779", "X-Amz-Meta-ChecksumAlgorithm", "crc32",
                "Content-Disposition", "attachment; filename=database.dat", "Content-Encoding", "gzip",
                "Content-Length", "5913339",
                "Authorization", "AWS " + AK + ":ilyl83RwaSoYIEdixDQcA4OnAnc="), "static.johnsmith.net");
        assertThat(verifierAt(Instant.parse("2007-03-27T21:06:08Z")).verify(r).identity().name()).isEqualTo("doc");
    }

    @Test
    void acceptsTheDocsPresignedUrlUntilItExpires() {
        SignedRequest r = request("GET", "/johnsmith/photos/puppy.jpg",
                "AWSAccessKeyId=" + AK + "&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620", Map.of(), "");
        Instant expires = Instant.ofEpochSecond(1175139620);
        assertThat(verifierAt(expires).verify(r).identity().name()).isEqualTo("doc");
        assertThatThrownBy(() -> verifierAt(expires.plusSeconds(1)).verify(r))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(S3ErrorCode.ACCESS_DENIED);
                    assertThat(e.getMessage()).contains("expired");
                });
    }

    @Test
    void withXAmzDateTheDateLineIsEmpty() {
        // the docs' DELETE: x-amz-date is signed as an amz header, the Date line left empty
        String stringToSign = "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg";
        String signature = SigV2.sign(SigV4VerifierTest.SK, stringToSign);
        SignedRequest r = request("DELETE", "/johnsmith/photos/puppy.jpg", "", headers(
                "Date", "Tue, 27 Mar 2007 21:20:26 +0000", "x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000",
                "Authorization", "AWS " + AK + ":" + signature), "");
        assertThat(SigV2.stringToSign(r, "")).isEqualTo(stringToSign);
        verifierAt(Instant.parse("2007-03-27T21:20:26Z")).verify(r);
    }

    @Test
    void aBucketsOwnPathIsAcceptedSignedWithOrWithoutItsSlash() {
        // botocore signs CreateBucket's PUT /johnsmith as /johnsmith/
        for (String resource : List.of("/johnsmith", "/johnsmith/")) {
            String signature = SigV2.sign(SigV4VerifierTest.SK, "PUT\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n" + resource);
            verifierAt(DOC_TIME).verify(request("PUT", "/johnsmith", "", headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                    "Authorization", "AWS " + AK + ":" + signature), ""));
        }
        String keySigned = SigV2.sign(SigV4VerifierTest.SK, "PUT\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/k/");
        assertCode(request("PUT", "/johnsmith/k", "", headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "Authorization", "AWS " + AK + ":" + keySigned), ""), S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void aWrongSignatureIsSignatureDoesNotMatchCarryingTheStringToSign() {
        SignedRequest r = request("GET", "/johnsmith/photos/puppy.jpg", "versionId=v1&uploads", headers(
                "Date", "Tue, 27 Mar 2007 19:36:42 +0000", "Authorization", "AWS " + AK + ":bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
                "");
        assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(r)).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
            assertThat(e.details()).containsEntry("StringToSign",
                    "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg?uploads&versionId=v1");
        });
    }

    @Test
    void refusesWhatS3Refuses() {
        String good = "AWS " + AK + ":bWq2s1WEIj+Ydj0vQ697zp+IXMU=";
        String path = "/johnsmith/photos/puppy.jpg";
        assertCode(request("GET", path, "", headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "Authorization", "AWS HAHAHA"), ""), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(request("GET", path, "", headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "Authorization", "AWS NOSUCHKEY:bWq2s1WEIj+Ydj0vQ697zp+IXMU="), ""), S3ErrorCode.INVALID_ACCESS_KEY_ID);
        assertCode(request("GET", path, "", headers("Authorization", good), ""), S3ErrorCode.ACCESS_DENIED);
        for (String date : List.of("Bad Date", "", "Tue, 07 Jul 1950 21:53:04 GMT")) {
            assertCode(request("GET", path, "", headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000", "x-amz-date", date,
                    "Authorization", good), ""), S3ErrorCode.ACCESS_DENIED);
        }
        for (String date : List.of("Tue, 07 Jul 2010 21:53:04 GMT", "Tue, 07 Jul 9999 21:53:04 GMT")) {
            assertCode(request("GET", path, "", headers("x-amz-date", date, "Authorization", good), ""),
                    S3ErrorCode.REQUEST_TIME_TOO_SKEWED);
        }
        assertCode(request("GET", path, "AWSAccessKeyId=" + AK + "&Expires=soon&Signature=x", Map.of(), ""),
                S3ErrorCode.ACCESS_DENIED);
        assertCode(request("GET", path, "AWSAccessKeyId=" + AK + "&Expires=1175139620", Map.of(), ""),
                S3ErrorCode.ACCESS_DENIED);
    }

    private static void assertCode(SignedRequest r, S3ErrorCode code) {
        assertThatThrownBy(() -> verifierAt(DOC_TIME).verify(r)).as(r.toString())
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
