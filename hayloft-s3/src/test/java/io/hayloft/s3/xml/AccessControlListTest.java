package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.xml.AccessControlList.Permission;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessControlListTest {
    private static final Set<String> USERS = Set.of("main", "alt");

    private static void assertCode(Runnable call, S3ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static Optional<AccessControlList> headers(Map<String, String> headers) {
        return AccessControlList.fromHeaders(headers::get, "main", "main", USERS::contains);
    }

    private static AccessControlList parse(String grants) {
        return AccessControlList.parse(("<AccessControlPolicy xmlns=\"" + XmlWriter.S3_NAMESPACE + "\"><Owner><ID>main"
                + "</ID></Owner><AccessControlList>" + grants + "</AccessControlList></AccessControlPolicy>")
                .getBytes(StandardCharsets.UTF_8), "main", USERS::contains);
    }

    private static String grant(String grantee, String permission) {
        return "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
                + grantee + "</Grantee><Permission>" + permission + "</Permission></Grant>";
    }

    @Test
    void cannedAclsGrantWhatAwsDocuments() {
        AccessControlList publicRead = headers(Map.of("x-amz-acl", "public-read")).orElseThrow();
        assertThat(publicRead.permits(null, Permission.READ)).isTrue();
        assertThat(publicRead.permits(null, Permission.WRITE)).isFalse();
        assertThat(publicRead.permits("main", Permission.WRITE)).isTrue();
        assertThat(publicRead.isPublic()).isTrue();
        AccessControlList authenticated = headers(Map.of("x-amz-acl", "authenticated-read")).orElseThrow();
        assertThat(authenticated.permits("alt", Permission.READ)).isTrue();
        assertThat(authenticated.permits(null, Permission.READ)).isFalse();
        AccessControlList readWrite = headers(Map.of("x-amz-acl", "public-read-write")).orElseThrow();
        assertThat(readWrite.permits(null, Permission.WRITE)).isTrue();
        AccessControlList ownerRead = AccessControlList.canned("bucket-owner-read", "alt", "main");
        assertThat(ownerRead.permits("main", Permission.READ)).isTrue();
        assertThat(ownerRead.permits("main", Permission.WRITE)).isFalse();
        assertThat(headers(Map.of("x-amz-acl", "private")).orElseThrow()).isEqualTo(AccessControlList.ownerOnly("main"));
        assertThat(headers(Map.of())).isEmpty();
        assertCode(() -> headers(Map.of("x-amz-acl", "everyone-please")), S3ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void grantHeadersNameKnownUsersAndGroups() {
        AccessControlList acl = headers(Map.of("x-amz-grant-read", "id=\"alt\", uri=\"" + AccessControlList.ALL_USERS
                + "\"", "x-amz-grant-write-acp", "id=alt")).orElseThrow();
        assertThat(acl.permits("alt", Permission.READ)).isTrue();
        assertThat(acl.permits(null, Permission.READ)).isTrue();
        assertThat(acl.permits("alt", Permission.WRITE_ACP)).isTrue();
        assertThat(acl.permits("alt", Permission.WRITE)).isFalse();
        assertThat(acl.permits("main", Permission.READ_ACP)).as("the owner always reads its ACL").isTrue();
        assertCode(() -> headers(Map.of("x-amz-grant-read", "id=stranger")), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> headers(Map.of("x-amz-grant-read", "uri=http://example.com/group")), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> headers(Map.of("x-amz-grant-read", "emailAddress=a@example.com")),
                S3ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS);
        assertCode(() -> headers(Map.of("x-amz-grant-read", "nonsense")), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> headers(Map.of("x-amz-acl", "private", "x-amz-grant-read", "id=alt")), S3ErrorCode.INVALID_REQUEST);
    }

    @Test
    void aPolicyBodyIsParsedAndAnsweredBack() {
        AccessControlList acl = parse(grant("<ID>main</ID>", "FULL_CONTROL") + grant("<ID>alt</ID>", "READ")
                + grant("<URI>" + AccessControlList.AUTHENTICATED_USERS + "</URI>", "READ_ACP"));
        assertThat(acl.permits("alt", Permission.READ)).isTrue();
        assertThat(acl.permits("alt", Permission.READ_ACP)).isTrue();
        assertThat(acl.permits(null, Permission.READ_ACP)).isFalse();
        String xml = acl.toText();
        assertThat(xml).contains("<ID>alt</ID>").contains("xsi:type=\"Group\"").contains("<Permission>READ_ACP</Permission>");
        assertThat(AccessControlList.stored(xml, "someone")).isEqualTo(acl);
        assertThat(AccessControlList.stored("", "main")).isEqualTo(AccessControlList.ownerOnly("main"));
        assertThat(AccessControlList.stored("<broken", "main")).isEqualTo(AccessControlList.ownerOnly("main"));
    }

    @Test
    void malformedPolicyBodiesAreRefused() {
        assertCode(() -> parse(grant("<ID>main</ID>", "EVERYTHING")), S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> parse("<Grant><Permission>READ</Permission></Grant>"), S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> parse(grant("<Nobody/>", "READ")), S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> parse(grant("<ID>stranger</ID>", "READ")), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> AccessControlList.parse("<Other/>".getBytes(StandardCharsets.UTF_8), "main", USERS::contains),
                S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> AccessControlList.parse("<AccessControlPolicy>".getBytes(StandardCharsets.UTF_8), "main",
                USERS::contains), S3ErrorCode.MALFORMED_ACL_ERROR);
        assertCode(() -> AccessControlList.parse(("<AccessControlPolicy><Owner><ID>alt</ID></Owner><AccessControlList/>"
                + "</AccessControlPolicy>").getBytes(StandardCharsets.UTF_8), "main", USERS::contains),
                S3ErrorCode.ACCESS_DENIED);
    }
}
