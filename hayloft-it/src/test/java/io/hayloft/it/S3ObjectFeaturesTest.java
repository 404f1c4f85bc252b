package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Object and bucket tagging, ACLs, conditional writes, UploadPartCopy, reading one part
 * ({@code ?partNumber=}), ListMultipartUploads and ListParts paging, driven by the AWS SDK v2 as the
 * oracle of what S3 answers. Run with the gateway reaching the filer over HTTP and by method call (tags
 * are changed in place in one, by a checked rewrite in the other).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "gateway to filer over {0}")
@EnumSource(S3Gateway.FilerPath.class)
class S3ObjectFeaturesTest {
    @TempDir
    static Path root;

    @Parameter
    S3Gateway.FilerPath filerPath;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeParameterizedClassInvocation
    void start() {
        gateway = S3Gateway.start(root.resolve(filerPath.name()), filerPath);
        s3 = gateway.admin();
        s3.createBucket(b -> b.bucket("things"));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        s3.close();
        gateway.close();
    }

    private static String errorCode(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void objectTagsAreSetReplacedCountedCopiedAndDeletedWithoutTouchingTheBytes() {
        String eTag = s3.putObject(p -> p.bucket("things").key("tagged.txt").tagging("color=blue&size=a%20b")
                .metadata(java.util.Map.of("kept", "yes")), RequestBody.fromString("tag me")).eTag();
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("tagged.txt")).tagSet())
                .containsExactly(tag("color", "blue"), tag("size", "a b"));
        assertThat(s3.headObject(h -> h.bucket("things").key("tagged.txt")).sdkHttpResponse()
                .firstMatchingHeader("x-amz-tagging-count")).contains("2");

        s3.putObjectTagging(p -> p.bucket("things").key("tagged.txt").tagging(Tagging.builder()
                .tagSet(tag("k3", "v3")).build()));
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("tagged.txt")).tagSet())
                .containsExactly(tag("k3", "v3"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket("things").key("tagged.txt"));
        assertThat(got.asUtf8String()).isEqualTo("tag me");
        assertThat(got.response().eTag()).isEqualTo(eTag);
        assertThat(got.response().metadata()).containsEntry("kept", "yes");
        assertThat(got.response().tagCount()).isEqualTo(1);

        s3.copyObject(c -> c.sourceBucket("things").sourceKey("tagged.txt").destinationBucket("things")
                .destinationKey("copy-keeps.txt"));
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("copy-keeps.txt")).tagSet())
                .containsExactly(tag("k3", "v3"));
        s3.copyObject(c -> c.sourceBucket("things").sourceKey("tagged.txt").destinationBucket("things")
                .destinationKey("copy-replaces.txt").taggingDirective(TaggingDirective.REPLACE).tagging("new=1"));
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("copy-replaces.txt")).tagSet())
                .containsExactly(tag("new", "1"));

        List<Tag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(tag("k" + i, "v"));
        }
        assertThatThrownBy(() -> s3.putObjectTagging(p -> p.bucket("things").key("tagged.txt")
                .tagging(Tagging.builder().tagSet(eleven).build())))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidTag"));
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("things").key("bad-tags").tagging("a=1&a=2"),
                RequestBody.fromString("x"))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidTag"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("things").key("bad-tags")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));

        s3.deleteObjectTagging(d -> d.bucket("things").key("tagged.txt"));
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("tagged.txt")).tagSet()).isEmpty();
        assertThat(s3.getObjectAsBytes(g -> g.bucket("things").key("tagged.txt")).asUtf8String()).isEqualTo("tag me");
        assertThatThrownBy(() -> s3.getObjectTagging(g -> g.bucket("things").key("missing")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchKey"));
    }

    @Test
    void storedHeadersComeBackOnGetAndListingsPageAsAwsDoes() {
        java.time.Instant expires = java.time.Instant.parse("2030-01-02T03:04:05Z");
        s3.putObject(p -> p.bucket("things").key("headers.txt").cacheControl("max-age=60").expires(expires)
                .contentDisposition("attachment; filename=\"h.txt\"").contentLanguage("de"),
                RequestBody.fromString("h"));
        HeadObjectResponse head = s3.headObject(h -> h.bucket("things").key("headers.txt"));
        assertThat(head.cacheControl()).isEqualTo("max-age=60");
        assertThat(head.expires()).isEqualTo(expires);
        assertThat(head.contentDisposition()).isEqualTo("attachment; filename=\"h.txt\"");
        assertThat(head.contentLanguage()).isEqualTo("de");
        assertThat(head.contentEncoding()).isNull();

        software.amazon.awssdk.services.s3.model.ListObjectsV2Response none = s3.listObjectsV2(l -> l.bucket("things")
                .maxKeys(0));
        assertThat(none.contents()).isEmpty();
        assertThat(none.isTruncated()).isFalse();
        assertThat(s3.listObjectsV2(l -> l.bucket("things").maxKeys(1)).contents().getFirst().owner()).isNull();
        assertThat(s3.listObjectsV2(l -> l.bucket("things").maxKeys(1).fetchOwner(true)).contents().getFirst().owner()
                .id()).isEqualTo("admin");

        s3.createBucket(b -> b.bucket("things-2"));
        var first = s3.listBuckets(l -> l.maxBuckets(1).prefix("things"));
        assertThat(first.buckets()).extracting(b -> b.name()).containsExactly("things");
        assertThat(s3.listBuckets(l -> l.maxBuckets(1).prefix("things").continuationToken(first.continuationToken()))
                .buckets()).extracting(b -> b.name()).containsExactly("things-2");
        s3.deleteBucket(d -> d.bucket("things-2"));
    }

    @Test
    void bucketTagsAreStoredApartFromTheObjectsAndGoWithTheBucket() {
        s3.createBucket(b -> b.bucket("labelled"));
        assertThatThrownBy(() -> s3.getBucketTagging(g -> g.bucket("labelled")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchTagSet"));
        s3.putBucketTagging(p -> p.bucket("labelled").tagging(Tagging.builder().tagSet(tag("Hello", "World")).build()));
        assertThat(s3.getBucketTagging(g -> g.bucket("labelled")).tagSet()).containsExactly(tag("Hello", "World"));
        assertThat(s3.listObjectsV2(l -> l.bucket("labelled")).contents()).isEmpty();
        s3.deleteBucket(d -> d.bucket("labelled"));
        s3.createBucket(b -> b.bucket("labelled"));
        assertThatThrownBy(() -> s3.getBucketTagging(g -> g.bucket("labelled")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchTagSet"));
        s3.putBucketTagging(p -> p.bucket("labelled").tagging(Tagging.builder().tagSet(tag("a", "b")).build()));
        s3.deleteBucketTagging(d -> d.bucket("labelled"));
        assertThatThrownBy(() -> s3.getBucketTagging(g -> g.bucket("labelled")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchTagSet"));
    }

    @Test
    void aclsAreAnsweredAndSetAndEncryptionIsRefused() {
        s3.putObject(p -> p.bucket("things").key("acl.txt").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("a"));
        GetObjectAclResponse acl = s3.getObjectAcl(g -> g.bucket("things").key("acl.txt"));
        assertThat(acl.owner().id()).isEqualTo("admin");
        assertThat(acl.grants()).extracting(Grant::permission).containsExactly(Permission.FULL_CONTROL);
        assertThat(acl.grants().getFirst().grantee().id()).isEqualTo("admin");
        assertThat(s3.getBucketAcl(g -> g.bucket("things")).owner().id()).isEqualTo("admin");
        s3.putBucketAcl(p -> p.bucket("things").acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PRIVATE));
        s3.putObjectAcl(p -> p.bucket("things").key("acl.txt").accessControlPolicy(a -> a.owner(acl.owner())
                .grants(acl.grants())));

        s3.putObjectAcl(p -> p.bucket("things").key("acl.txt").acl(ObjectCannedACL.PUBLIC_READ));
        assertThat(s3.getObjectAcl(g -> g.bucket("things").key("acl.txt")).grants()).extracting(Grant::permission)
                .containsExactly(Permission.FULL_CONTROL, Permission.READ);
        assertThatThrownBy(() -> s3.putObjectAcl(p -> p.bucket("things").key("acl.txt").grantRead("id=someone")))
                .as("a grant to no known identity").satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidArgument"));
        assertThat(s3.getObjectAcl(g -> g.bucket("things").key("acl.txt")).grants()).as("the refused ACL changed nothing")
                .hasSize(2);

        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("things").key("sealed.txt").serverSideEncryption(
                software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256), RequestBody.fromString("s")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("NotImplemented"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("things").key("sealed.txt")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }

    @Test
    void conditionalWritesCreateOnlyOnceAndReplaceOnlyTheNamedVersion() {
        String first = s3.putObject(p -> p.bucket("things").key("once").ifNoneMatch("*"),
                RequestBody.fromString("first")).eTag();
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("things").key("once").ifNoneMatch("*"),
                RequestBody.fromString("second"))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("PreconditionFailed"));
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("things").key("once").ifMatch("\"0123\""),
                RequestBody.fromString("third"))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("PreconditionFailed"));
        assertThat(s3.getObjectAsBytes(g -> g.bucket("things").key("once")).asUtf8String()).isEqualTo("first");
        s3.putObject(p -> p.bucket("things").key("once").ifMatch(first), RequestBody.fromString("fourth"));
        assertThat(s3.getObjectAsBytes(g -> g.bucket("things").key("once")).asUtf8String()).isEqualTo("fourth");
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("things").key("never").ifMatch(first),
                RequestBody.fromString("x"))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("NoSuchKey"));
    }

    @Test
    void uploadPartCopyPartNumberReadsAndUploadListingsPage() {
        byte[] source = new byte[(6 << 20) + 1000];
        new Random(11).nextBytes(source);
        s3.putObject(p -> p.bucket("things").key("source.bin"), RequestBody.fromBytes(source));
        String id = s3.createMultipartUpload(c -> c.bucket("things").key("assembled.bin").tagging("from=copy"))
                .uploadId();
        String other = s3.createMultipartUpload(c -> c.bucket("things").key("zz/other")).uploadId();
        int split = 5 << 20;
        String e1 = s3.uploadPartCopy(u -> u.sourceBucket("things").sourceKey("source.bin").destinationBucket("things")
                .destinationKey("assembled.bin").uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (split - 1)))
                .copyPartResult().eTag();
        String e2 = s3.uploadPartCopy(u -> u.sourceBucket("things").sourceKey("source.bin").destinationBucket("things")
                .destinationKey("assembled.bin").uploadId(id).partNumber(2)
                .copySourceRange("bytes=" + split + "-" + (source.length - 1))).copyPartResult().eTag();
        assertThatThrownBy(() -> s3.uploadPartCopy(u -> u.sourceBucket("things").sourceKey("source.bin")
                .destinationBucket("things").destinationKey("assembled.bin").uploadId(id).partNumber(3)
                .copySourceRange("bytes=0-" + source.length))).satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidRange"));

        ListPartsResponse firstPage = s3.listParts(l -> l.bucket("things").key("assembled.bin").uploadId(id).maxParts(1));
        assertThat(firstPage.parts()).extracting(p -> p.partNumber()).containsExactly(1);
        assertThat(firstPage.isTruncated()).isTrue();
        assertThat(s3.listParts(l -> l.bucket("things").key("assembled.bin").uploadId(id)
                .partNumberMarker(firstPage.nextPartNumberMarker())).parts()).extracting(p -> p.partNumber())
                .containsExactly(2);
        ListMultipartUploadsResponse uploads = s3.listMultipartUploads(l -> l.bucket("things"));
        assertThat(uploads.uploads()).extracting(MultipartUpload::key).containsExactly("assembled.bin", "zz/other");
        ListMultipartUploadsResponse paged = s3.listMultipartUploads(l -> l.bucket("things").maxUploads(1));
        assertThat(paged.isTruncated()).isTrue();
        assertThat(s3.listMultipartUploads(l -> l.bucket("things").keyMarker(paged.nextKeyMarker())
                .uploadIdMarker(paged.nextUploadIdMarker())).uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(other);
        assertThat(s3.listMultipartUploads(l -> l.bucket("things").delimiter("/")).commonPrefixes())
                .extracting(p -> p.prefix()).containsExactly("zz/");

        List<CompletedPart> both = List.of(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                CompletedPart.builder().partNumber(2).eTag(e2).build());
        String eTag = s3.completeMultipartUpload(c -> c.bucket("things").key("assembled.bin").uploadId(id)
                .multipartUpload(m -> m.parts(both))).eTag();
        assertThat(s3.completeMultipartUpload(c -> c.bucket("things").key("assembled.bin").uploadId(id)
                .multipartUpload(m -> m.parts(both))).eTag()).as("a repeated Complete").isEqualTo(eTag);
        assertThat(s3.getObjectAsBytes(g -> g.bucket("things").key("assembled.bin")).asByteArray()).isEqualTo(source);
        assertThat(s3.getObjectTagging(g -> g.bucket("things").key("assembled.bin")).tagSet())
                .containsExactly(tag("from", "copy"));
        ResponseBytes<GetObjectResponse> part2 = s3.getObjectAsBytes(g -> g.bucket("things").key("assembled.bin")
                .partNumber(2));
        assertThat(part2.asByteArray()).isEqualTo(Arrays.copyOfRange(source, split, source.length));
        assertThat(part2.response().partsCount()).isEqualTo(2);
        HeadObjectResponse head1 = s3.headObject(h -> h.bucket("things").key("assembled.bin").partNumber(1));
        assertThat(head1.contentLength()).isEqualTo(split);
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("things").key("assembled.bin").partNumber(3)))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("InvalidPart"));
        assertThat(s3.getObjectAsBytes(g -> g.bucket("things").key("source.bin").partNumber(1)).asByteArray())
                .isEqualTo(source);
        s3.abortMultipartUpload(a -> a.bucket("things").key("zz/other").uploadId(other));
        assertThat(s3.listMultipartUploads(l -> l.bucket("things")).uploads()).isEmpty();
    }
}
