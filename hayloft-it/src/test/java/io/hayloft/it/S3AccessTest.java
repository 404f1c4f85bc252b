package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Who may do what beyond the identities file: canned and granted ACLs on buckets and objects (anonymous reads
 * of {@code public-read}, writes of {@code public-read-write}, grants to another identity), bucket policies
 * (Allow and Deny, a condition on the object's tags), malformed ACLs and policies refused with nothing
 * changed, and CreateBucket of a bucket its owner has (us-east-1's 200; elsewhere BucketAlreadyOwnedByYou).
 * {@code alice} and {@code bob} are each Admin of their own buckets only, like two AWS accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3AccessTest {
    @TempDir
    static Path root;

    private S3Gateway gateway;
    private S3Client alice;
    private S3Client bob;

    @BeforeAll
    void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS);
        alice = gateway.client(S3Gateway.ALICE_KEY, S3Gateway.ALICE_SECRET);
        bob = gateway.client(S3Gateway.BOB_KEY, S3Gateway.BOB_SECRET);
    }

    @AfterAll
    void stop() {
        alice.close();
        bob.close();
        gateway.close();
    }

    private HttpResponse<byte[]> anonymous(String method, String path, String body) {
        return TestHttp.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String code(Throwable e) {
        return ((S3Exception) e).awsErrorDetails().errorCode();
    }

    @Test
    void cannedAclsOpenBucketsAndObjectsToAnonymousRequests() {
        alice.createBucket(b -> b.bucket("open"));
        alice.putObject(p -> p.bucket("open").key("private.txt"), RequestBody.fromString("secret"));
        alice.putObject(p -> p.bucket("open").key("public.txt").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("hello"));
        assertThat(anonymous("GET", "/open/private.txt", null).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> read = anonymous("GET", "/open/public.txt", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(anonymous("GET", "/open", null).statusCode()).as("the bucket is still private").isEqualTo(403);

        alice.putBucketAcl(p -> p.bucket("open").acl(BucketCannedACL.PUBLIC_READ));
        assertThat(anonymous("GET", "/open", null).statusCode()).isEqualTo(200);
        assertThat(anonymous("PUT", "/open/drop.txt", "x").statusCode()).isEqualTo(403);
        assertThat(alice.getBucketAcl(g -> g.bucket("open")).grants()).anySatisfy(g -> {
            assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
            assertThat(g.grantee().uri()).isEqualTo("http://acs.amazonaws.com/groups/global/AllUsers");
            assertThat(g.permission()).isEqualTo(Permission.READ);
        });

        alice.putBucketAcl(p -> p.bucket("open").acl(BucketCannedACL.PUBLIC_READ_WRITE));
        assertThat(anonymous("PUT", "/open/drop.txt", "x").statusCode()).isEqualTo(200);
        assertThat(alice.getObjectAsBytes(g -> g.bucket("open").key("drop.txt")).asUtf8String()).isEqualTo("x");

        alice.putObjectAcl(p -> p.bucket("open").key("public.txt").acl(ObjectCannedACL.PRIVATE));
        assertThat(anonymous("GET", "/open/public.txt", null).statusCode()).isEqualTo(403);
    }

    @Test
    void anotherIdentityGetsWhatTheAclGrantsIt() {
        alice.createBucket(b -> b.bucket("granted"));
        alice.putObject(p -> p.bucket("granted").key("k"), RequestBody.fromString("v"));
        assertThatThrownBy(() -> bob.listObjectsV2(l -> l.bucket("granted"))).satisfies(e ->
                assertThat(code(e)).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> bob.getObjectAsBytes(g -> g.bucket("granted").key("k"))).satisfies(e ->
                assertThat(code(e)).isEqualTo("AccessDenied"));

        alice.putBucketAcl(p -> p.bucket("granted").grantRead("id=bob").grantFullControl("id=alice"));
        assertThat(bob.listObjectsV2(l -> l.bucket("granted")).contents()).hasSize(1);
        assertThatThrownBy(() -> bob.putObject(p -> p.bucket("granted").key("k2"), RequestBody.fromString("w")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> bob.getObjectAsBytes(g -> g.bucket("granted").key("k")))
                .as("the bucket's READ lists it; the object's own ACL decides its reads")
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
        alice.putObjectAcl(p -> p.bucket("granted").key("k").grantRead("id=bob").grantFullControl("id=alice"));
        assertThat(bob.getObjectAsBytes(g -> g.bucket("granted").key("k")).asUtf8String()).isEqualTo("v");
        assertThat(alice.getObjectAcl(g -> g.bucket("granted").key("k")).grants()).extracting(Grant::permission)
                .containsExactlyInAnyOrder(Permission.READ, Permission.FULL_CONTROL);

        assertThatThrownBy(() -> alice.putBucketAcl(p -> p.bucket("granted").grantRead("id=nobody-here")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidArgument"));
        assertThat(bob.listObjectsV2(l -> l.bucket("granted")).contents()).as("the refused ACL changed nothing").hasSize(1);
        assertThat(bob.listBuckets().buckets()).as("bob lists his own buckets only").isEmpty();
    }

    @Test
    void bucketPoliciesAllowAndDeny() {
        alice.createBucket(b -> b.bucket("policed"));
        alice.putObject(p -> p.bucket("policed").key("public/a"), RequestBody.fromString("a"));
        alice.putObject(p -> p.bucket("policed").key("tagged"), RequestBody.fromString("t"));
        alice.putObjectTagging(p -> p.bucket("policed").key("tagged").tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("security").value("public").build())));
        alice.putObject(p -> p.bucket("policed").key("untagged"), RequestBody.fromString("u"));
        assertThatThrownBy(() -> alice.getBucketPolicy(g -> g.bucket("policed"))).satisfies(e ->
                assertThat(code(e)).isEqualTo("NoSuchBucketPolicy"));

        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::policed/public/*"},
                  {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject"],
                   "Resource": "arn:aws:s3:::policed/*",
                   "Condition": {"StringEquals": {"s3:ExistingObjectTag/security": "public"}}},
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::bob:root"}, "Action": "s3:ListBucket",
                   "Resource": "arn:aws:s3:::policed"},
                  {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                   "Resource": "arn:aws:s3:::policed/public/*"}]}""";
        alice.putBucketPolicy(p -> p.bucket("policed").policy(policy));
        assertThat(alice.getBucketPolicy(g -> g.bucket("policed")).policy()).isEqualTo(policy);

        assertThat(anonymous("GET", "/policed/public/a", null).statusCode()).isEqualTo(200);
        assertThat(anonymous("GET", "/policed/tagged", null).statusCode()).isEqualTo(200);
        assertThat(anonymous("GET", "/policed/untagged", null).statusCode()).isEqualTo(403);
        assertThat(anonymous("GET", "/policed", null).statusCode()).isEqualTo(403);
        assertThat(bob.listObjectsV2(l -> l.bucket("policed")).contents()).hasSize(3);
        assertThatThrownBy(() -> alice.deleteObject(d -> d.bucket("policed").key("public/a")))
                .as("a Deny binds the owner too").satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));

        assertThatThrownBy(() -> alice.putBucketPolicy(p -> p.bucket("policed").policy("{\"Statement\": [")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("MalformedPolicy"));
        assertThatThrownBy(() -> alice.putBucketPolicy(p -> p.bucket("policed").policy(
                policy.replace("arn:aws:s3:::policed/*", "arn:aws:s3:::elsewhere/*"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("MalformedPolicy"));
        assertThat(alice.getBucketPolicy(g -> g.bucket("policed")).policy()).as("refused policies change nothing")
                .isEqualTo(policy);
        assertThatThrownBy(() -> bob.putBucketPolicy(p -> p.bucket("policed").policy(policy)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));

        alice.deleteBucketPolicy(d -> d.bucket("policed"));
        assertThat(anonymous("GET", "/policed/public/a", null).statusCode()).isEqualTo(403);
        alice.deleteObject(d -> d.bucket("policed").key("public/a"));
    }

    @Test
    void creatingAnOwnedBucketAgainIsUsEast1s200AndElsewhereAnError() {
        alice.createBucket(b -> b.bucket("again").acl(BucketCannedACL.PUBLIC_READ));
        assertThat(anonymous("GET", "/again", null).statusCode()).isEqualTo(200);
        alice.createBucket(b -> b.bucket("again"));
        assertThat(anonymous("GET", "/again", null).statusCode()).as("re-creating resets the ACL").isEqualTo(403);
        assertThatThrownBy(() -> alice.createBucket(b -> b.bucket("again")
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("BucketAlreadyOwnedByYou"));
        assertThatThrownBy(() -> bob.createBucket(b -> b.bucket("again")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("BucketAlreadyExists"));
    }
}
