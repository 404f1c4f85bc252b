package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.xml.LifecycleConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Get/Put/DeleteBucketLifecycleConfiguration ({@code ?lifecycle}), kept as the bucket setting
 * {@link BucketSettings#LIFECYCLE} and carried out by {@link io.hayloft.s3.object.LifecycleRunner}. Each
 * runs on the request's virtual thread.
 */
public final class LifecycleHandlers {
    private static final int MAX_BODY = 1 << 20;

    private final Buckets buckets;
    private final ExpirationHeader expiration;

    LifecycleHandlers(Buckets buckets, ExpirationHeader expiration) {
        this.buckets = buckets;
        this.expiration = expiration;
    }

    void get(S3Exchange ex) {
        buckets.require(ex.bucket);
        String xml = buckets.settings().get(ex.bucket, BucketSettings.LIFECYCLE).orElseThrow(() -> new S3Exception(
                S3ErrorCode.NO_SUCH_LIFECYCLE_CONFIGURATION, "The lifecycle configuration does not exist"));
        S3Responses.xml(ex, 200, xml.getBytes(StandardCharsets.UTF_8));
    }

    void put(S3Exchange ex) throws IOException {
        LifecycleConfiguration config = LifecycleConfiguration.parse(SmallBody.read(ex, MAX_BODY));
        buckets.require(ex.bucket);
        buckets.settings().put(ex.bucket, BucketSettings.LIFECYCLE, new String(config.toXml(), StandardCharsets.UTF_8));
        expiration.changed(ex.bucket);
        S3Responses.empty(ex, 200);
    }

    void delete(S3Exchange ex) {
        buckets.require(ex.bucket);
        buckets.settings().remove(ex.bucket, BucketSettings.LIFECYCLE);
        expiration.changed(ex.bucket);
        S3Responses.empty(ex, 204);
    }
}
