package io.hayloft.s3.http;

import io.hayloft.s3.auth.BucketPolicy;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Get/Put/DeleteBucketPolicy ({@code ?policy}): the policy is checked ({@link BucketPolicy#parse}) and kept
 * as the bucket setting {@link BucketSettings#POLICY}, as given; {@link Authorizer} evaluates it. Each runs on
 * the request's virtual thread.
 */
final class PolicyHandlers {
    private final Buckets buckets;
    private final Authorizer authorizer;

    PolicyHandlers(Buckets buckets, Authorizer authorizer) {
        this.buckets = buckets;
        this.authorizer = authorizer;
    }

    void get(S3Exchange ex) {
        buckets.require(ex.bucket);
        String policy = buckets.settings().get(ex.bucket, BucketSettings.POLICY).orElseThrow(() -> new S3Exception(
                S3ErrorCode.NO_SUCH_BUCKET_POLICY, "The bucket policy does not exist"));
        ex.response.putHeader("Content-Type", "application/json");
        S3Responses.body(ex, 200, policy.getBytes(StandardCharsets.UTF_8));
    }

    void put(S3Exchange ex) throws IOException {
        BucketPolicy policy = BucketPolicy.parse(SmallBody.read(ex, BucketPolicy.MAX_BYTES), ex.bucket);
        buckets.require(ex.bucket);
        buckets.settings().put(ex.bucket, BucketSettings.POLICY, policy.text());
        authorizer.changed(ex.bucket);
        S3Responses.empty(ex, 204);
    }

    void delete(S3Exchange ex) {
        buckets.require(ex.bucket);
        buckets.settings().remove(ex.bucket, BucketSettings.POLICY);
        authorizer.changed(ex.bucket);
        S3Responses.empty(ex, 204);
    }
}
