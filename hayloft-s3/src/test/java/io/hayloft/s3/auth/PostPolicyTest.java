package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PostPolicy policy(String conditions) {
        return PostPolicy.parse(encode("{\"expiration\": \"2026-12-08T00:00:00Z\", \"conditions\": [" + conditions + "]}"));
    }

    private static void assertCode(Runnable r, S3ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void conditionsMatchFieldsWithoutCaseAndEveryFieldMustBeNamed() {
        PostPolicy p = policy("{\"bUcKeT\": \"photos\"}, [\"StArTs-WiTh\", \"$KeY\", \"user/\"], {\"acl\": \"private\"},"
                + " [\"content-length-range\", 1, 1024]");
        assertThat(p.minLength()).isEqualTo(1);
        assertThat(p.maxLength()).isEqualTo(1024);
        Map<String, String> form = Map.of("bucket", "photos", "key", "user/a.jpg", "acl", "private", "policy", "x",
                "signature", "s", "awsaccesskeyid", "k", "x-ignore-me", "y");
        p.check(form, NOW);
        assertCode(() -> p.check(Map.of("bucket", "photos", "key", "other/a.jpg", "acl", "private"), NOW),
                S3ErrorCode.ACCESS_DENIED);
        assertCode(() -> p.check(Map.of("bucket", "photos", "key", "user/a.jpg"), NOW), S3ErrorCode.ACCESS_DENIED);
        assertCode(() -> p.check(Map.of("bucket", "photos", "key", "user/a.jpg", "acl", "private",
                "x-amz-meta-extra", "1"), NOW), S3ErrorCode.ACCESS_DENIED);
        assertCode(() -> p.check(form, Instant.parse("2026-12-08T00:00:00Z")), S3ErrorCode.ACCESS_DENIED);
    }

    @Test
    void malformedPoliciesAreInvalidDocuments() {
        assertCode(() -> PostPolicy.parse("***"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> PostPolicy.parse(encode("[1]")), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> PostPolicy.parse(encode("{\"conditions\": []}")), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> PostPolicy.parse(encode("{\"EXPIRATION\": \"2026-12-08T00:00:00Z\", \"conditions\": []}")),
                S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> PostPolicy.parse(encode("{\"expiration\": \"2026-12-08 00:00:00+00:00\", \"conditions\": []}")),
                S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> PostPolicy.parse(encode("{\"expiration\": \"2026-12-08T00:00:00Z\", \"CONDITIONS\": []}")),
                S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> policy("{}"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> policy("[\"matches\", \"$key\", \"a\"]"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> policy("[\"content-length-range\", \"a\", 5]"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
        assertCode(() -> policy("[\"content-length-range\", 10, 5]"), S3ErrorCode.INVALID_POLICY_DOCUMENT);
    }
}
