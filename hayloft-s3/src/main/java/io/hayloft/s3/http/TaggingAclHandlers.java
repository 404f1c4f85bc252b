package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.xml.AccessControl;
import io.hayloft.s3.xml.TagSet;
import java.io.IOException;

/**
 * The {@code ?tagging} and {@code ?acl} sub-resources of buckets and objects: Get/Put/DeleteObjectTagging
 * (tags kept with the object, {@link Objects#TAGS_ATTRIBUTE}), Get/Put/DeleteBucketTagging (a bucket
 * setting), and Get/PutBucketAcl and Get/PutObjectAcl as {@link AccessControl} has them: the owner's
 * {@code FULL_CONTROL}, anything wider refused. Each runs on the request's virtual thread.
 */
public final class TaggingAclHandlers {
    private static final int MAX_BODY = 64 << 10;

    private final Buckets buckets;
    private final Objects objects;
    private final ObjectHandlers objectHandlers;

    public TaggingAclHandlers(Buckets buckets, Objects objects, ObjectHandlers objectHandlers) {
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
        String owner = owner(ex);
        if (!ex.key.isEmpty()) {
            objectHandlers.target(ex);
        }
        S3Responses.xml(ex, 200, AccessControl.policy(owner));
    }

    void putAcl(S3Exchange ex) throws IOException {
        String owner = owner(ex);
        if (!ex.key.isEmpty()) {
            objectHandlers.target(ex);
        }
        AccessControl.checkHeaders(ex::header, () -> owner);
        byte[] body = SmallBody.read(ex, MAX_BODY);
        if (body.length > 0) {
            AccessControl.checkPolicy(body, owner);
        }
        S3Responses.empty(ex, 200);
    }

    /** The owner of the request's bucket (and so of its objects). */
    private String owner(S3Exchange ex) {
        buckets.require(ex.bucket);
        return buckets.owner(ex.bucket, ex.auth.identity().name());
    }
}
