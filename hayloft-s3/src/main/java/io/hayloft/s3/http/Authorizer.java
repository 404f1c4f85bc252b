package io.hayloft.s3.http;

import io.hayloft.s3.auth.BucketPolicy;
import io.hayloft.s3.auth.Identity;
import io.hayloft.s3.auth.S3Action;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.xml.AccessControlList;
import io.hayloft.s3.xml.TagSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a verified request may do what it asks, from three sources, in AWS's order:
 * <ol>
 *   <li>the bucket's policy: a matching {@code Deny} refuses (but never the owner's own policy calls), a
 *       matching {@code Allow} admits;</li>
 *   <li>the identity's grants in the identities file (for an identity {@code ownBucketsOnly}, its grants for
 *       every bucket count on its own buckets only);</li>
 *   <li>the ACL of the bucket, or of the object for reads of an object: a grant to the identity, to
 *       {@code AuthenticatedUsers} (any signed request) or to {@code AllUsers} (anyone) admits.</li>
 * </ol>
 * Anything else is {@code AccessDenied}. A bucket's owner, ACL and policy are kept for
 * {@value #TTL_MILLIS} ms (changes made through this gateway are seen at once, through another within that
 * time). Thread-safe; blocks on the filer.
 */
final class Authorizer {
    static final long TTL_MILLIS = 1000;

    private final Buckets buckets;
    private final Objects objects;
    private final Clock clock;
    private final java.util.function.Supplier<io.hayloft.s3.auth.Identities> identities;
    private final ConcurrentHashMap<String, BucketAccess> cache = new ConcurrentHashMap<>();

    /** What decides access to one bucket, as read at {@code read}. */
    private record BucketAccess(String owner, String acl, Optional<BucketPolicy> policy, Instant read) {
    }

    Authorizer(Buckets buckets, Objects objects, Clock clock,
               java.util.function.Supplier<io.hayloft.s3.auth.Identities> identities) {
        this.identities = identities;
        this.buckets = buckets;
        this.objects = objects;
        this.clock = clock;
    }

    /**
     * Checks that {@code ex} may do {@code action} on {@code bucket} (empty: on no bucket) and, for actions on
     * an object, on {@code ex.key}.
     *
     * @throws S3Exception AccessDenied
     */
    void check(S3Exchange ex, S3Action action, String bucket) {
        check(ex, action, bucket, ex.key);
    }

    /**
     * As {@link #check(S3Exchange, S3Action, String)} for {@code key} in {@code bucket} (a browser POST upload
     * names its key in the form, not the path).
     */
    void check(S3Exchange ex, S3Action action, String bucket, String key) {
        Identity id = ex.auth.identity();
        String user = ex.auth.anonymous() ? null : id.name();
        if (bucket.isEmpty()) {
            if (!id.allows(action.grant(), "")) {
                throw denied(ex, action, bucket);
            }
            return;
        }
        BucketAccess b = access(bucket, user);
        boolean owns = user != null && user.equals(b.owner());
        if (b.policy().isPresent() && !(owns && action.managesPolicy())) {
            String resource = "arn:aws:s3:::" + bucket + (key.isEmpty() ? "" : "/" + key);
            BucketPolicy.Decision d = b.policy().get().evaluate(new BucketPolicy.Request(user, action.policyName(),
                    resource, name -> context(ex, name)));
            if (d == BucketPolicy.Decision.DENY) {
                throw denied(ex, action, bucket);
            }
            if (d == BucketPolicy.Decision.ALLOW) {
                return;
            }
        }
        if (id.allows(action.grant(), bucket, owns)) {
            return;
        }
        AccessControlList.Permission p = action.aclPermission();
        if (p != null) {
            AccessControlList bucketAcl = AccessControlList.stored(b.acl(), b.owner());
            if (action.onObject() && !key.isEmpty()) {
                Optional<ObjectInfo> o = object(ex);
                if (o.isPresent() ? AccessControlList.stored(o.get().acl(), b.owner()).permits(user, p)
                        : bucketAcl.permits(user, AccessControlList.Permission.READ)) {
                    return; // a missing object: who may list the bucket learns it is missing
                }
            } else if (bucketAcl.permits(user, p)) {
                return;
            }
        }
        throw denied(ex, action, bucket);
    }

    /** The owner of {@code bucket}, {@code fallback} for one with none recorded. */
    String owner(String bucket, String fallback) {
        return access(bucket, fallback).owner();
    }

    /**
     * The ACL the {@code x-amz-acl}/{@code x-amz-grant-*} headers of {@code ex} ask for, for something the
     * requester writes into {@code bucket}; empty when it has none of them.
     *
     * @throws S3Exception as {@link AccessControlList#fromHeaders}
     */
    Optional<AccessControlList> requestedAcl(S3Exchange ex, String bucket) {
        String bucketOwner = owner(bucket, writer(ex, ""));
        return AccessControlList.fromHeaders(ex::header, writer(ex, bucketOwner), bucketOwner, this::knownUser);
    }

    /** Who owns what {@code ex} writes: its signer, or {@code bucketOwner} for an unsigned request. */
    static String writer(S3Exchange ex, String bucketOwner) {
        return ex.auth.anonymous() ? bucketOwner : ex.auth.identity().name();
    }

    /** True when canonical ID {@code id} names an identity (an ACL may grant it). */
    boolean knownUser(String id) {
        return identities.get().named(id);
    }

    /** Forgets what was read of {@code bucket}: its ACL or policy changed here. */
    void changed(String bucket) {
        cache.remove(bucket);
    }

    private BucketAccess access(String bucket, String requester) {
        Instant now = clock.instant();
        if (io.hayloft.s3.object.BucketName.problem(bucket) != null) {
            // no such bucket can exist: nothing to read, and its name never becomes a settings path
            return new BucketAccess(requester == null ? "" : requester, "", Optional.empty(), now);
        }
        BucketAccess b = cache.get(bucket);
        if (b == null || Duration.between(b.read(), now).toMillis() >= TTL_MILLIS || now.isBefore(b.read())) {
            BucketSettings s = buckets.settings();
            Optional<String> owner = s.get(bucket, BucketSettings.OWNER).filter(o -> !o.isBlank());
            Optional<BucketPolicy> policy = s.get(bucket, BucketSettings.POLICY).flatMap(text -> {
                try {
                    return Optional.of(BucketPolicy.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), bucket));
                } catch (S3Exception e) {
                    return Optional.empty(); // only checked policies are stored
                }
            });
            b = new BucketAccess(owner.orElse(""), s.get(bucket, BucketSettings.ACL).orElse(""), policy, now);
            if (owner.isPresent()) {
                cache.put(bucket, b);
            }
        }
        // a bucket made before owners were recorded (or through the filer) is the requester's
        return b.owner().isEmpty() && requester != null ? new BucketAccess(requester, b.acl(), b.policy(), b.read()) : b;
    }

    private Optional<ObjectInfo> object(S3Exchange ex) {
        try {
            String versionId = ex.param("versionId");
            return versionId == null ? objects.find(ex.bucket, ex.key)
                    : Optional.of(objects.version(ex.bucket, ex.key, versionId).info());
        } catch (S3Exception e) {
            return Optional.empty();
        }
    }

    /** The request's value of policy condition key {@code key}. */
    private Optional<String> context(S3Exchange ex, String key) {
        if (key.startsWith("s3:ExistingObjectTag/")) {
            return object(ex).flatMap(o -> Optional.ofNullable(o.tags().asMap().get(key.substring("s3:ExistingObjectTag/".length()))));
        }
        if (key.startsWith("s3:RequestObjectTag/")) {
            String tagging = ex.header("x-amz-tagging");
            return tagging == null ? Optional.empty()
                    : Optional.ofNullable(TagSet.fromQuery(tagging).asMap().get(key.substring("s3:RequestObjectTag/".length())));
        }
        return switch (key) {
            case "s3:prefix", "s3:delimiter", "s3:max-keys" -> Optional.ofNullable(ex.param(key.substring(3)));
            case "s3:VersionId" -> Optional.ofNullable(ex.param("versionId"));
            case "aws:SourceIp" -> Optional.ofNullable(ex.request.remoteAddress()).map(a -> a.hostAddress());
            case "aws:SecureTransport" -> Optional.of(Boolean.toString(ex.request.isSSL()));
            case "aws:Referer" -> Optional.ofNullable(ex.header("referer"));
            case "aws:UserAgent" -> Optional.ofNullable(ex.header("user-agent"));
            case "aws:CurrentTime" -> Optional.of(clock.instant().toString());
            case "aws:EpochTime" -> Optional.of(Long.toString(clock.instant().getEpochSecond()));
            case "aws:username", "aws:userid" -> ex.auth.anonymous() ? Optional.empty()
                    : Optional.of(ex.auth.identity().name());
            default -> key.startsWith("s3:x-amz-") ? Optional.ofNullable(ex.header(key.substring(3)))
                    : Optional.empty();
        };
    }

    private static S3Exception denied(S3Exchange ex, S3Action action, String bucket) {
        return new S3Exception(S3ErrorCode.ACCESS_DENIED, "Access Denied: " + (ex.auth.anonymous() ? "anonymous"
                : ex.auth.identity().name()) + " may not " + action.policyName() + (bucket.isEmpty() ? "" : " on " + bucket));
    }
}
