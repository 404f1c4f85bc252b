package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.Listing;
import io.hayloft.s3.object.ObjectInfo;
import io.hayloft.s3.object.ObjectLister;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.object.VersionLister;
import io.hayloft.s3.object.VersioningStatus;
import io.hayloft.s3.xml.VersioningConfiguration;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.xml.AccessControlList;
import io.hayloft.s3.xml.BucketConfiguration;
import io.hayloft.s3.xml.DeleteRequest;
import io.hayloft.s3.xml.XmlWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Base64;

/**
 * ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, Get/PutBucketVersioning,
 * ListObjects (V1 and V2), ListObjectVersions and DeleteObjects (with version ids). Each runs on the request's virtual thread and writes
 * its answer; failures are thrown as {@link S3Exception}s.
 */
public final class BucketHandlers {
    /** The owner reported for a bucket made before owners were recorded (or through the filer). */
    static final String OWNER = "hayloft";
    /** The most a small request body (bucket configuration, DeleteObjects) may be. */
    private static final int MAX_SMALL_BODY = 2 << 20;
    private static final int MAX_KEYS = 1000;

    private final Buckets buckets;
    private final Objects objects;
    private final ObjectLister lister;
    private final VersionLister versionLister;
    private final Authorizer authorizer;
    private final ObjectLockHandlers lock;
    private final ObjectHandlers objectHandlers;

    BucketHandlers(Buckets buckets, Objects objects, ObjectLister lister, VersionLister versionLister,
                   Authorizer authorizer, ObjectLockHandlers lock, ObjectHandlers objectHandlers) {
        this.authorizer = authorizer;
        this.lock = lock;
        this.objectHandlers = objectHandlers;
        this.buckets = buckets;
        this.objects = objects;
        this.lister = lister;
        this.versionLister = versionLister;
    }

    /**
     * ListBuckets: the buckets the caller owns (and those made before owners were recorded), by name,
     * with {@code prefix}, and paged by {@code max-buckets} and {@code continuation-token} when asked.
     */
    void listBuckets(S3Exchange ex) {
        String caller = ex.auth.identity().name();
        String prefix = orEmpty(ex.param("prefix"));
        String token = ex.param("continuation-token");
        String after = token == null || token.isEmpty() ? "" : decodeToken(token);
        int max = ex.param("max-buckets") == null ? Integer.MAX_VALUE : maxBuckets(ex.param("max-buckets"));
        List<Buckets.Bucket> page = new ArrayList<>();
        boolean truncated = false;
        for (Buckets.Bucket b : buckets.list()) {
            if (!b.name().startsWith(prefix) || b.name().compareTo(after) <= 0
                    || !buckets.owner(b.name(), caller).equals(caller)) {
                continue;
            }
            if (page.size() == max) {
                truncated = true;
                break;
            }
            page.add(b);
        }
        XmlWriter w = XmlWriter.document("ListAllMyBucketsResult", true);
        w.start("Owner").element("ID", caller).element("DisplayName", caller).end();
        w.start("Buckets");
        for (Buckets.Bucket b : page) {
            w.start("Bucket").element("Name", b.name()).element("CreationDate", b.created()).end();
        }
        w.end();
        if (truncated) {
            w.element("ContinuationToken", encodeToken(page.getLast().name()));
        }
        if (!prefix.isEmpty()) {
            w.element("Prefix", prefix);
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    private static int maxBuckets(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "max-buckets must be an integer 1..10000, got " + value);
    }

    /**
     * CreateBucket, with the ACL its headers ask for. A bucket its owner creates again is answered as AWS
     * answers it: in us-east-1 (no location constraint) 200, its ACL reset to what this request asks;
     * elsewhere {@code BucketAlreadyOwnedByYou}.
     */
    void create(S3Exchange ex, String owner) throws IOException {
        String region = BucketConfiguration.locationConstraint(SmallBody.read(ex, MAX_SMALL_BODY));
        Optional<AccessControlList> acl = AccessControlList.fromHeaders(ex::header, owner, owner,
                authorizer::knownUser);
        boolean locked = "true".equalsIgnoreCase(String.valueOf(ex.header("x-amz-bucket-object-lock-enabled")).strip());
        try {
            buckets.create(ex.bucket, owner, () -> { });
            if (locked) {
                lock.enable(ex.bucket);
            }
        } catch (S3Exception e) {
            if (e.code() != S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU || !(region.isEmpty() || region.equals("us-east-1"))) {
                throw e;
            }
        }
        if (acl.isPresent() && !acl.get().equals(AccessControlList.ownerOnly(owner))) {
            buckets.settings().put(ex.bucket, BucketSettings.ACL, acl.get().toText());
        } else {
            buckets.settings().remove(ex.bucket, BucketSettings.ACL);
        }
        authorizer.changed(ex.bucket);
        ex.response.putHeader("Location", "/" + ex.bucket);
        S3Responses.empty(ex, 200);
    }

    void delete(S3Exchange ex) {
        buckets.delete(ex.bucket);
        authorizer.changed(ex.bucket);
        S3Responses.empty(ex, 204);
    }

    void head(S3Exchange ex) {
        buckets.require(ex.bucket);
        ex.response.putHeader("x-amz-bucket-region", "us-east-1");
        S3Responses.empty(ex, 200);
    }

    void location(S3Exchange ex) {
        buckets.require(ex.bucket);
        S3Responses.xml(ex, 200, XmlWriter.document("LocationConstraint", true).finish());
    }

    /** GetBucketVersioning: no Status for a bucket never versioned, else Enabled or Suspended. */
    void versioning(S3Exchange ex) {
        buckets.require(ex.bucket);
        VersioningStatus status = buckets.versioning(ex.bucket);
        XmlWriter w = XmlWriter.document("VersioningConfiguration", true);
        if (status.versioned()) {
            w.element("Status", status.text());
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    /** PutBucketVersioning: Enabled or Suspended. */
    void putVersioning(S3Exchange ex) throws IOException {
        VersioningConfiguration config = VersioningConfiguration.parse(SmallBody.read(ex, MAX_SMALL_BODY));
        S3Exception.check("Enabled".equals(config.status()) || lock.configuration(ex.bucket).isEmpty(),
                S3ErrorCode.INVALID_BUCKET_STATE, "An Object Lock configuration is present on this bucket, so the"
                        + " versioning state cannot be changed.");
        buckets.setVersioning(ex.bucket, "Enabled".equals(config.status()) ? VersioningStatus.ENABLED
                : VersioningStatus.SUSPENDED);
        S3Responses.empty(ex, 200);
    }

    void listObjects(S3Exchange ex) {
        boolean v2 = "2".equals(ex.param("list-type"));
        String prefix = orEmpty(ex.param("prefix"));
        String delimiter = orEmpty(ex.param("delimiter"));
        int maxKeys = maxKeys(ex.param("max-keys"));
        String encoding = ex.param("encoding-type");
        S3Exception.check(encoding == null || encoding.equals("url"), S3ErrorCode.INVALID_ARGUMENT,
                "Invalid Encoding Method specified in Request: encoding-type is 'url' or absent");
        boolean url = encoding != null;
        String after;
        String token = ex.param("continuation-token");
        String startAfter = orEmpty(ex.param("start-after"));
        if (v2) {
            after = token != null && !token.isEmpty() ? decodeToken(token) : startAfter;
        } else {
            after = orEmpty(ex.param("marker"));
        }
        Listing page = lister.list(ex.bucket, prefix, delimiter, after, maxKeys);
        XmlWriter w = XmlWriter.document("ListBucketResult", true);
        // V1 answers its Prefix as given (clients decode only V2's)
        w.element("Name", ex.bucket).element("Prefix", v2 ? enc(prefix, url) : prefix);
        if (v2) {
            if (token != null) {
                w.element("ContinuationToken", token);
            }
            if (page.truncated()) {
                w.element("NextContinuationToken", encodeToken(page.nextMarker()));
            }
            if (!startAfter.isEmpty()) {
                w.element("StartAfter", enc(startAfter, url));
            }
            w.element("KeyCount", page.objects().size() + page.commonPrefixes().size());
        } else {
            w.element("Marker", enc(after, url));
            if (page.truncated()) {
                w.element("NextMarker", enc(page.nextMarker(), url));
            }
        }
        if (!delimiter.isEmpty()) {
            w.element("Delimiter", enc(delimiter, url));
        }
        w.element("MaxKeys", maxKeys).element("IsTruncated", page.truncated());
        if (url) {
            w.element("EncodingType", "url");
        }
        String owner = !v2 || "true".equals(ex.param("fetch-owner")) ? buckets.owner(ex.bucket, OWNER) : null;
        for (ObjectInfo o : page.objects()) {
            w.start("Contents").element("Key", enc(o.key(), url)).element("LastModified", o.lastModified())
                    .element("ETag", o.eTag()).element("Size", o.size());
            if (owner != null) {
                w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
            }
            w.element("StorageClass", "STANDARD").end();
        }
        for (String p : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    /**
     * ListObjectVersions: every version and delete marker, keys in order and each key's versions newest
     * first ({@link VersionLister}); a bucket never versioned lists each object as its {@code null}
     * version. Paged by {@code key-marker} and {@code version-id-marker}.
     */
    void listObjectVersions(S3Exchange ex) {
        String prefix = orEmpty(ex.param("prefix"));
        String delimiter = orEmpty(ex.param("delimiter"));
        int maxKeys = maxKeys(ex.param("max-keys"));
        String encoding = ex.param("encoding-type");
        S3Exception.check(encoding == null || encoding.equals("url"), S3ErrorCode.INVALID_ARGUMENT,
                "Invalid Encoding Method specified in Request: encoding-type is 'url' or absent");
        String after = orEmpty(ex.param("key-marker"));
        String versionMarker = orEmpty(ex.param("version-id-marker"));
        if (!versionMarker.isEmpty()) {
            S3Exception.check(!after.isEmpty(), S3ErrorCode.INVALID_ARGUMENT, "A version-id marker cannot be"
                    + " specified without a key marker.");
            Objects.checkVersionId(versionMarker);
        }
        boolean url = encoding != null;
        VersionLister.Page page = versionLister.list(ex.bucket, prefix, delimiter, after, versionMarker, maxKeys);
        String owner = buckets.owner(ex.bucket, OWNER);
        XmlWriter w = XmlWriter.document("ListVersionsResult", true);
        w.element("Name", ex.bucket).element("Prefix", enc(prefix, url)).element("KeyMarker", enc(after, url))
                .element("VersionIdMarker", versionMarker);
        if (page.truncated()) {
            w.element("NextKeyMarker", enc(page.nextKeyMarker(), url));
            if (!page.nextVersionIdMarker().isEmpty()) {
                w.element("NextVersionIdMarker", page.nextVersionIdMarker());
            }
        }
        if (!delimiter.isEmpty()) {
            w.element("Delimiter", enc(delimiter, url));
        }
        w.element("MaxKeys", maxKeys).element("IsTruncated", page.truncated());
        if (url) {
            w.element("EncodingType", "url");
        }
        for (VersionLister.Item item : page.items()) {
            ObjectInfo o = item.info();
            w.start(item.deleteMarker() ? "DeleteMarker" : "Version").element("Key", enc(o.key(), url))
                    .element("VersionId", o.versionId()).element("IsLatest", item.latest())
                    .element("LastModified", o.lastModified());
            if (!item.deleteMarker()) {
                w.element("ETag", o.eTag()).element("Size", o.size());
            }
            w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
            if (!item.deleteMarker()) {
                w.element("StorageClass", "STANDARD");
            }
            w.end();
        }
        for (String p : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    void deleteObjects(S3Exchange ex) throws IOException {
        DeleteRequest request = DeleteRequest.parse(SmallBody.read(ex, MAX_SMALL_BODY));
        buckets.require(ex.bucket);
        XmlWriter w = XmlWriter.document("DeleteResult", true);
        for (DeleteRequest.Target target : request.objects()) {
            String key = target.key();
            try {
                objectHandlers.checkDeletable(ex, key, target.versionId());
                Objects.Deleted d = target.versionId() == null ? objects.delete(ex.bucket, key)
                        : objects.deleteVersion(ex.bucket, key, target.versionId());
                if (!request.quiet()) {
                    w.start("Deleted").element("Key", key);
                    if (target.versionId() != null) {
                        w.element("VersionId", target.versionId());
                    }
                    if (d.deleteMarker()) {
                        w.element("DeleteMarker", true);
                        if (target.versionId() == null) {
                            w.element("DeleteMarkerVersionId", d.versionId());
                        }
                    }
                    w.end();
                }
            } catch (S3Exception e) {
                w.start("Error").element("Key", key);
                if (target.versionId() != null) {
                    w.element("VersionId", target.versionId());
                }
                w.element("Code", e.code().code()).element("Message", e.getMessage()).end();
            }
        }
        S3Responses.xml(ex, 200, w.finish());
    }

    private static int maxKeys(String value) {
        if (value == null) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return Math.min(n, MAX_KEYS);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "max-keys must be a non-negative integer, got " + value);
    }

    /** What every continuation token this gateway hands out starts with, so a made-up one is refused. */
    private static final String TOKEN_MARK = "hayloft-list:";

    /** The continuation token that resumes a listing after {@code key}: base64url of a mark and the key. */
    static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_MARK + key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a continuation token resumes after.
     *
     * @throws S3Exception {@code InvalidArgument} for a token this gateway did not hand out (not base64url, not
     *                     UTF-8, no mark, no key), as S3 refuses a made-up token
     */
    static String decodeToken(String token) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Base64.getUrlDecoder().decode(token))).toString();
            S3Exception.check(text.startsWith(TOKEN_MARK) && text.length() > TOKEN_MARK.length(),
                    S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect");
            return text.substring(TOKEN_MARK.length());
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect");
        }
    }

    private static String enc(String s, boolean url) {
        return url ? io.hayloft.s3.auth.SigV4.uriEncode(s, true) : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
