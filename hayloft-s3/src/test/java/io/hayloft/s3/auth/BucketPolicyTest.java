package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.auth.BucketPolicy.Decision;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketPolicyTest {
    private static BucketPolicy policy(String statements) {
        return BucketPolicy.parse(("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}")
                .getBytes(StandardCharsets.UTF_8), "photos");
    }

    private static Decision decide(BucketPolicy p, String principal, String action, String resource,
                                   Map<String, String> context) {
        return p.evaluate(new BucketPolicy.Request(principal, action, resource,
                k -> Optional.ofNullable(context.get(k))));
    }

    private static void assertMalformed(String document) {
        assertThatThrownBy(() -> BucketPolicy.parse(document.getBytes(StandardCharsets.UTF_8), "photos"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.MALFORMED_POLICY));
    }

    @Test
    void anAllowForEveryoneMatchesItsActionsAndResourcesOnly() {
        BucketPolicy p = policy("[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\"],"
                + "\"Resource\":\"arn:aws:s3:::photos/public/*\"}]");
        assertThat(decide(p, null, "s3:GetObject", "arn:aws:s3:::photos/public/a.jpg", Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(decide(p, "bob", "s3:GetObject", "arn:aws:s3:::photos/public/a.jpg", Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(decide(p, null, "s3:GetObject", "arn:aws:s3:::photos/private/a.jpg", Map.of())).isEqualTo(Decision.NONE);
        assertThat(decide(p, null, "s3:PutObject", "arn:aws:s3:::photos/public/a.jpg", Map.of())).isEqualTo(Decision.NONE);
    }

    @Test
    void aMatchingDenyWinsOverAnAllow() {
        BucketPolicy p = policy("[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::photos\",\"arn:aws:s3:::photos/*\"]},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":[\"arn:aws:iam::bob:root\"]},\"Action\":\"s3:Delete*\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\"}]");
        assertThat(decide(p, "bob", "s3:DeleteObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.DENY);
        assertThat(decide(p, "carol", "s3:DeleteObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(decide(p, "bob", "s3:ListBucket", "arn:aws:s3:::photos", Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(decide(p, null, "s3:DeleteObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.ALLOW);
    }

    @Test
    void conditionsTestTheRequestsValues() {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\",\"Condition\":{\"StringEquals\":"
                + "{\"s3:ExistingObjectTag/security\":\"public\"},\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}}");
        String r = "arn:aws:s3:::photos/k";
        assertThat(decide(p, null, "s3:GetObject", r, Map.of("s3:ExistingObjectTag/security", "public")))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide(p, null, "s3:GetObject", r, Map.of("s3:ExistingObjectTag/security", "private")))
                .isEqualTo(Decision.NONE);
        assertThat(decide(p, null, "s3:GetObject", r, Map.of())).isEqualTo(Decision.NONE);
        assertThat(decide(p, null, "s3:GetObject", r, Map.of("s3:ExistingObjectTag/security", "public",
                "s3:max-keys", "50"))).isEqualTo(Decision.NONE);

        BucketPolicy prefix = policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::photos\",\"Condition\":{\"StringNotLike\":{\"s3:prefix\":\"home/*\"}}}");
        assertThat(decide(prefix, "bob", "s3:ListBucket", "arn:aws:s3:::photos", Map.of("s3:prefix", "home/bob")))
                .isEqualTo(Decision.NONE);
        assertThat(decide(prefix, "bob", "s3:ListBucket", "arn:aws:s3:::photos", Map.of("s3:prefix", "etc")))
                .isEqualTo(Decision.DENY);
        assertThat(decide(prefix, "bob", "s3:ListBucket", "arn:aws:s3:::photos", Map.of())).isEqualTo(Decision.DENY);

        BucketPolicy network = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"}}}");
        assertThat(decide(network, null, "s3:GetObject", r, Map.of("aws:SourceIp", "10.1.200.3"))).isEqualTo(Decision.ALLOW);
        assertThat(decide(network, null, "s3:GetObject", r, Map.of("aws:SourceIp", "10.2.0.1"))).isEqualTo(Decision.NONE);
    }

    @Test
    void notPrincipalAndNotActionInvertTheirMatch() {
        BucketPolicy p = policy("{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"alice\"},\"NotAction\":\"s3:Get*\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\"}");
        assertThat(decide(p, "bob", "s3:PutObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.DENY);
        assertThat(decide(p, "bob", "s3:GetObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.NONE);
        assertThat(decide(p, "alice", "s3:PutObject", "arn:aws:s3:::photos/k", Map.of())).isEqualTo(Decision.NONE);
    }

    @Test
    void malformedPoliciesAreRefused() {
        assertMalformed("not json");
        assertMalformed("[]");
        assertMalformed("{\"Version\":\"2012-10-17\"}");
        assertMalformed("{\"Version\":\"1999-01-01\",\"Statement\":[]}");
        String base = "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::photos/*\"";
        assertMalformed("{\"Statement\":{\"Effect\":\"Maybe\"," + base + "}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::photos/*\"}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ec2:RunInstances\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\"}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::other-bucket/*\"}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\"," + base + ",\"Condition\":{\"StringSortOf\":{\"a\":\"b\"}}}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"x\"},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::photos/*\"}}");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\"," + base + "}, \"Pad\":\"" + "x".repeat(BucketPolicy.MAX_BYTES) + "\"}");
    }

    @Test
    void globsMatchRunsAndSingleCharacters() {
        assertThat(BucketPolicy.glob("s3:Get*", "s3:getobject", true)).isTrue();
        assertThat(BucketPolicy.glob("a*b?d", "aXXbcd", false)).isTrue();
        assertThat(BucketPolicy.glob("a*b?d", "aXXbd", false)).isFalse();
        assertThat(BucketPolicy.glob("photos/*", "photos/", false)).isTrue();
        assertThat(BucketPolicy.glob("Photos/*", "photos/x", false)).isFalse();
    }
}
