package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.xml.ObjectLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * S3 Object Lock: a bucket created with {@code x-amz-bucket-object-lock-enabled} (versioned, and never
 * suspended again) takes Get/PutObjectLockConfiguration ({@code ?object-lock}, a default retention);
 * its objects take Get/PutObjectRetention ({@code ?retention}) and Get/PutObjectLegalHold
 * ({@code ?legal-hold}) and the {@code x-amz-object-lock-*} headers on PUT, kept as the object's
 * {@link Objects#LOCK_MODE} attributes. A version under legal hold, or retained until a later date, is not
 * deleted: COMPLIANCE never, GOVERNANCE unless {@code x-amz-bypass-governance-retention: true}. Runs on the
 * request's virtual thread.
 */
final class ObjectLockHandlers {
    private static final int MAX_BODY = 64 << 10;

    private final Buckets buckets;
    private final Objects objects;
    private final Clock clock;

    ObjectLockHandlers(Buckets buckets, Objects objects, Clock clock) {
        this.buckets = buckets;
        this.objects = objects;
        this.clock = clock;
    }

    /** The lock configuration of {@code bucket}, or empty when it has no object lock. */
    Optional<ObjectLock.Configuration> configuration(String bucket) {
        return buckets.settings().get(bucket, BucketSettings.OBJECT_LOCK)
                .map(xml -> ObjectLock.parseConfiguration(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Turns object lock on for a bucket just created (and versioning with it). */
    void enable(String bucket) {
        buckets.settings().put(bucket, BucketSettings.OBJECT_LOCK,
                new String(new ObjectLock.Configuration(null, 0, 0).toXml(), StandardCharsets.UTF_8));
        buckets.setVersioning(bucket, io.hayloft.s3.object.VersioningStatus.ENABLED);
    }

    void getConfiguration(S3Exchange ex) {
        buckets.require(ex.bucket);
        ObjectLock.Configuration c = configuration(ex.bucket).orElseThrow(() -> new S3Exception(
                S3ErrorCode.OBJECT_LOCK_CONFIGURATION_NOT_FOUND, "Object Lock configuration does not exist for this"
                + " bucket"));
        S3Responses.xml(ex, 200, c.toXml());
    }

    void putConfiguration(S3Exchange ex) throws IOException {
        ObjectLock.Configuration c = ObjectLock.parseConfiguration(SmallBody.read(ex, MAX_BODY));
        buckets.require(ex.bucket);
        // as AWS now allows: an existing bucket takes object lock once its versioning is Enabled
        S3Exception.check(configuration(ex.bucket).isPresent()
                || buckets.versioning(ex.bucket) == io.hayloft.s3.object.VersioningStatus.ENABLED,
                S3ErrorCode.INVALID_BUCKET_STATE, "Object Lock configuration cannot be enabled on a bucket whose"
                + " versioning is not Enabled");
        buckets.settings().put(ex.bucket, BucketSettings.OBJECT_LOCK, new String(c.toXml(), StandardCharsets.UTF_8));
        S3Responses.empty(ex, 200);
    }

    void getRetention(S3Exchange ex, java.util.function.Function<S3Exchange, ObjectInfo> target) {
        requireLock(ex.bucket);
        ObjectInfo o = target.apply(ex);
        String mode = o.metadata().get(Objects.LOCK_MODE);
        String until = o.metadata().get(Objects.LOCK_RETAIN_UNTIL);
        S3Exception.check(mode != null && until != null, S3ErrorCode.NO_SUCH_OBJECT_LOCK_CONFIGURATION,
                "The specified object does not have a ObjectLock configuration");
        S3Responses.xml(ex, 200, new ObjectLock.Retention(mode, ObjectLock.date(until)).toXml());
    }

    void putRetention(S3Exchange ex, java.util.function.Function<S3Exchange, ObjectInfo> target) throws IOException {
        ObjectLock.Retention asked = ObjectLock.parseRetention(SmallBody.read(ex, MAX_BODY));
        requireLock(ex.bucket);
        ObjectInfo o = target.apply(ex);
        String mode = o.metadata().get(Objects.LOCK_MODE);
        String until = o.metadata().get(Objects.LOCK_RETAIN_UNTIL);
        if (mode != null && until != null && ObjectLock.date(until).isAfter(clock.instant())) {
            boolean weaker = !asked.mode().equals(mode) || asked.retainUntil().isBefore(ObjectLock.date(until));
            S3Exception.check(!weaker || mode.equals("GOVERNANCE") && bypass(ex), S3ErrorCode.ACCESS_DENIED,
                    "Access Denied: the object's " + mode + " retention cannot be shortened or its mode changed"
                            + (mode.equals("GOVERNANCE") ? " without x-amz-bypass-governance-retention" : ""));
        }
        Map<String, String> changes = new HashMap<>();
        changes.put(Objects.LOCK_MODE, asked.mode());
        changes.put(Objects.LOCK_RETAIN_UNTIL, asked.retainUntil().toString());
        objects.setAttributes(ex.bucket, o, changes);
        S3Responses.empty(ex, 200);
    }

    void getLegalHold(S3Exchange ex, java.util.function.Function<S3Exchange, ObjectInfo> target) {
        requireLock(ex.bucket);
        ObjectInfo o = target.apply(ex);
        String hold = o.metadata().get(Objects.LOCK_LEGAL_HOLD);
        S3Exception.check(hold != null, S3ErrorCode.NO_SUCH_OBJECT_LOCK_CONFIGURATION, "The specified object does"
                + " not have a ObjectLock configuration");
        S3Responses.xml(ex, 200, ObjectLock.legalHoldXml(hold.equals("ON")));
    }

    void putLegalHold(S3Exchange ex, java.util.function.Function<S3Exchange, ObjectInfo> target) throws IOException {
        boolean on = ObjectLock.parseLegalHold(SmallBody.read(ex, MAX_BODY));
        requireLock(ex.bucket);
        ObjectInfo o = target.apply(ex);
        objects.setAttributes(ex.bucket, o, Map.of(Objects.LOCK_LEGAL_HOLD, on ? "ON" : "OFF"));
        S3Responses.empty(ex, 200);
    }

    /**
     * Checks and completes the lock headers of a write into {@code bucket}: refused on a bucket without object
     * lock; the bucket's default retention added when the write names none.
     *
     * @param metadata the stored headers of the write, changed in place
     * @throws S3Exception InvalidRequest, InvalidArgument for a bad mode, date or legal hold
     */
    void onWrite(String bucket, Map<String, String> metadata) {
        boolean asked = metadata.containsKey(Objects.LOCK_MODE) || metadata.containsKey(Objects.LOCK_RETAIN_UNTIL)
                || metadata.containsKey(Objects.LOCK_LEGAL_HOLD);
        Optional<ObjectLock.Configuration> config = configuration(bucket);
        if (config.isEmpty()) {
            S3Exception.check(!asked, S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object Lock Configuration");
            return;
        }
        String mode = metadata.get(Objects.LOCK_MODE);
        String until = metadata.get(Objects.LOCK_RETAIN_UNTIL);
        S3Exception.check((mode == null) == (until == null), S3ErrorCode.INVALID_ARGUMENT, "x-amz-object-lock-mode"
                + " and x-amz-object-lock-retain-until-date must both be supplied");
        if (mode != null) {
            S3Exception.check(ObjectLock.MODES.contains(mode), S3ErrorCode.INVALID_ARGUMENT, "Unknown wormMode directive");
            Instant at;
            try {
                at = ObjectLock.date(until);
            } catch (S3Exception e) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The retain until date must be in ISO 8601 format");
            }
            S3Exception.check(at.isAfter(clock.instant()), S3ErrorCode.INVALID_ARGUMENT, "The retain until date must"
                    + " be in the future!");
        } else {
            config.get().defaultRetention().ifPresent(d -> {
                metadata.put(Objects.LOCK_MODE, config.get().mode());
                metadata.put(Objects.LOCK_RETAIN_UNTIL, clock.instant().plus(d).toString());
            });
        }
        String hold = metadata.get(Objects.LOCK_LEGAL_HOLD);
        S3Exception.check(hold == null || hold.equals("ON") || hold.equals("OFF"), S3ErrorCode.INVALID_ARGUMENT,
                "Legal Hold must be either of 'ON' or 'OFF'");
    }

    /**
     * Checks that version {@code o} may be deleted now.
     *
     * @throws S3Exception AccessDenied under legal hold or retention
     */
    void checkDeletable(S3Exchange ex, ObjectInfo o) {
        Map<String, String> m = o.metadata();
        S3Exception.check(!"ON".equals(m.get(Objects.LOCK_LEGAL_HOLD)), S3ErrorCode.ACCESS_DENIED, "Access Denied:"
                + " the object version is under legal hold");
        String mode = m.get(Objects.LOCK_MODE);
        String until = m.get(Objects.LOCK_RETAIN_UNTIL);
        if (mode != null && until != null && ObjectLock.date(until).isAfter(clock.instant())) {
            S3Exception.check(mode.equals("GOVERNANCE") && bypass(ex), S3ErrorCode.ACCESS_DENIED, "Access Denied:"
                    + " the object version is retained in " + mode + " mode until " + until);
        }
    }

    /** True when the object lock applies to a delete of {@code versionId} in {@code bucket}: it names a version. */
    boolean guards(String bucket, String versionId) {
        return versionId != null && configuration(bucket).isPresent();
    }

    private static boolean bypass(S3Exchange ex) {
        return "true".equalsIgnoreCase(String.valueOf(ex.header("x-amz-bypass-governance-retention")).strip());
    }

    private void requireLock(String bucket) {
        buckets.require(bucket);
        S3Exception.check(configuration(bucket).isPresent(), S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object"
                + " Lock Configuration");
    }
}
