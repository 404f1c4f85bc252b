package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessControlTest {
    private static void assertCode(Runnable call, S3ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void headers(Map<String, String> headers) {
        AccessControl.checkHeaders(headers::get, () -> "main");
    }

    private static String policy(String grants) {
        return "<AccessControlPolicy xmlns=\"" + XmlWriter.S3_NAMESPACE + "\"><Owner><ID>main</ID></Owner>"
                + "<AccessControlList>" + grants + "</AccessControlList></AccessControlPolicy>";
    }

    private static String grant(String grantee, String permission) {
        return "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
                + grantee + "</Grantee><Permission>" + permission + "</Permission></Grant>";
    }

    @Test
    void ownerOnlyCannedAclsAndGrantsAreAcceptedWiderOnesRefused() {
        headers(Map.of());
        headers(Map.of("x-amz-acl", "private"));
        headers(Map.of("x-amz-acl", "bucket-owner-full-control"));
        headers(Map.of("x-amz-grant-full-control", "id=main"));
        assertCode(() -> headers(Map.of("x-amz-acl", "public-read")), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> headers(Map.of("x-amz-acl", "authenticated-read")), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> headers(Map.of("x-amz-acl", "everyone-please")), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> headers(Map.of("x-amz-grant-read", "id=main")), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> headers(Map.of("x-amz-grant-full-control", "id=main, id=alt")), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> headers(Map.of("x-amz-grant-read",
                "uri=http://acs.amazonaws.com/groups/global/AllUsers")), S3ErrorCode.NOT_IMPLEMENTED);
    }

    @Test
    void aPolicyBodyMayOnlyGiveTheOwnerFullControl() {
        AccessControl.checkPolicy(policy(grant("<ID>main</ID>", "FULL_CONTROL")).getBytes(StandardCharsets.UTF_8), "main");
        assertCode(() -> AccessControl.checkPolicy(policy(grant("<ID>alt</ID>", "FULL_CONTROL"))
                .getBytes(StandardCharsets.UTF_8), "main"), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> AccessControl.checkPolicy(policy(grant("<ID>main</ID>", "FULL_CONTROL")
                + grant("<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>", "READ"))
                .getBytes(StandardCharsets.UTF_8), "main"), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> AccessControl.checkPolicy(policy(grant("<ID>main</ID>", "READ"))
                .getBytes(StandardCharsets.UTF_8), "main"), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(() -> AccessControl.checkPolicy("<Other/>".getBytes(StandardCharsets.UTF_8), "main"),
                S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> AccessControl.checkPolicy("<AccessControlPolicy>".getBytes(StandardCharsets.UTF_8), "main"),
                S3ErrorCode.MALFORMED_ACL_ERROR);
    }

    @Test
    void theAnsweredPolicyIsAcceptedBack() {
        byte[] answer = AccessControl.policy("main");
        assertThat(new String(answer, StandardCharsets.UTF_8)).contains("<ID>main</ID>")
                .contains("xsi:type=\"CanonicalUser\"").contains("<Permission>FULL_CONTROL</Permission>");
        AccessControl.checkPolicy(answer, "main");
    }
}
