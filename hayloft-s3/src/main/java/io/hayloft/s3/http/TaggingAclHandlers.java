package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.xml.AccessControlList;
import io.hayloft.s3.xml.TagSet;
import java.io.IOException;

/**
 * The {@code ?tagging} and {@code ?acl} sub-resources of buckets and objects: Get/Put/DeleteObjectTagging
 * (tags kept with the object, {@link Objects#TAGS_ATTRIBUTE}), Get/Put/DeleteBucketTagging (a bucket
 * setting), and Get/PutBucketAcl and Get/PutObjectAcl ({@link AccessControlList}s kept as a bucket setting and
 * with the object; what they grant, {@link Authorizer} honours). Each runs on the request's virtual thread.
 */
public final class TaggingAclHandlers {
    private static final int MAX_BODY = 64 << 10;

    private final Buckets buckets;
    private final Objects objects;
    private final ObjectHandlers objectHandlers;
    private final Authorizer authorizer;

    TaggingAclHandlers(Buckets buckets, Objects objects, ObjectHandlers objectHandlers, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.buckets = buckets;
        this.objects = objects;
        this.objectHandlers = objectHandlers;
    }

    void getObjectTagging(S3Exchange ex) {
        io.hayloft.s3.object.ObjectInfo o = objectHandlers.target(ex);
        versionOf(ex, o);
        S3Responses.xml(ex, 200, o.tags().toXml());
    }

    void putObjectTagging(S3Exchange ex) throws IOException {
        TagSet tags = TagSet.parse(SmallBody.read(ex, MAX_BODY)).validate(false);
        io.hayloft.s3.object.ObjectInfo o = objectHandlers.target(ex);
        objects.setTags(ex.bucket, o, tags);
        versionOf(ex, o);
        S3Responses.empty(ex, 200);
    }

    void deleteObjectTagging(S3Exchange ex) {
        io.hayloft.s3.object.ObjectInfo o = objectHandlers.target(ex);
        objects.setTags(ex.bucket, o, TagSet.EMPTY);
        versionOf(ex, o);
        S3Responses.empty(ex, 204);
    }

    /** Names the version a request about a version was answered for. */
    private static void versionOf(S3Exchange ex, io.hayloft.s3.object.ObjectInfo o) {
        if (ex.param("versionId") != null) {
            ex.response.putHeader("x-amz-version-id", o.versionId());
        }
    }

    void getBucketTagging(S3Exchange ex) {
        buckets.require(ex.bucket);
        TagSet tags = buckets.settings().get(ex.bucket, BucketSettings.TAGGING).map(TagSet::fromQuery)
                .filter(t -> !t.isEmpty()).orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_TAG_SET,
                        "The TagSet does not exist"));
        S3Responses.xml(ex, 200, tags.toXml());
    }

    void putBucketTagging(S3Exchange ex) throws IOException {
        TagSet tags = TagSet.parse(SmallBody.read(ex, MAX_BODY)).validate(true);
        buckets.require(ex.bucket);
        if (tags.isEmpty()) {
            buckets.settings().remove(ex.bucket, BucketSettings.TAGGING);
        } else {
            buckets.settings().put(ex.bucket, BucketSettings.TAGGING, tags.toQuery());
        }
        S3Responses.empty(ex, 204);
    }

    void deleteBucketTagging(S3Exchange ex) {
        buckets.require(ex.bucket);
        buckets.settings().remove(ex.bucket, BucketSettings.TAGGING);
        S3Responses.empty(ex, 204);
    }

    void getAcl(S3Exchange ex) {
        String bucketOwner = owner(ex);
        if (ex.key.isEmpty()) {
            S3Responses.xml(ex, 200, AccessControlList.stored(buckets.settings().get(ex.bucket, BucketSettings.ACL)
                    .orElse(""), bucketOwner).toXml());
            return;
        }
        io.hayloft.s3.object.ObjectInfo o = objectHandlers.target(ex);
        versionOf(ex, o);
        S3Responses.xml(ex, 200, AccessControlList.stored(o.acl(), bucketOwner).toXml());
    }

    /**
     * PutBucketAcl and PutObjectAcl: the ACL of the {@code x-amz-acl}/{@code x-amz-grant-*} headers or of the
     * {@code AccessControlPolicy} body (not both), replacing the one there.
     */
    void putAcl(S3Exchange ex) throws IOException {
        String bucketOwner = owner(ex);
        io.hayloft.s3.object.ObjectInfo o = ex.key.isEmpty() ? null : objectHandlers.target(ex);
        String owner = o == null ? bucketOwner : AccessControlList.stored(o.acl(), bucketOwner).owner();
        byte[] body = SmallBody.read(ex, MAX_BODY);
        java.util.Optional<AccessControlList> fromHeaders = AccessControlList.fromHeaders(ex::header, owner,
                bucketOwner, authorizer::knownUser);
        AccessControlList acl;
        if (body.length > 0) {
            S3Exception.check(fromHeaders.isEmpty(), S3ErrorCode.UNEXPECTED_CONTENT, "This request does not support"
                    + " content when ACL headers are given");
            acl = AccessControlList.parse(body, owner, authorizer::knownUser);
        } else {
            acl = fromHeaders.orElseThrow(() -> new S3Exception(S3ErrorCode.MISSING_SECURITY_HEADER, "Your request"
                    + " was missing a required header: x-amz-acl, an x-amz-grant-* header or an AccessControlPolicy body"));
        }
        if (o == null) {
            buckets.settings().put(ex.bucket, BucketSettings.ACL, acl.toText());
            authorizer.changed(ex.bucket);
        } else {
            objects.setAcl(ex.bucket, o, acl.owner().equals(bucketOwner) && acl.equals(AccessControlList.ownerOnly(owner))
                    ? null : acl.toText());
            versionOf(ex, o);
        }
        S3Responses.empty(ex, 200);
    }

    /** The owner of the request's bucket (and so of its objects). */
    private String owner(S3Exchange ex) {
        buckets.require(ex.bucket);
        return authorizer.owner(ex.bucket, Authorizer.writer(ex, ""));
    }
}
