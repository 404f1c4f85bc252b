package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.FilerException;
import io.hayloft.s3.filer.FilerRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's settings (its owner, its tags...), each a small file {@code /.s3-buckets/<bucket>/<name>}
 * outside the bucket's directory, so listings never see them and both ways to the filer
 * ({@link FilerAccess}) store them alike. Each setting is written whole in one filer commit, so a reader
 * sees the old or the new value. A bucket's settings go with the bucket ({@link #drop}) and are cleared
 * again when a bucket of that name is created, in case a crash left some behind.
 *
 * <p>Thread-safe; blocks on the filer. Failures are {@link S3Exception}s.
 */
public final class BucketSettings {
    /** Where bucket settings live. */
    public static final String ROOT = "/.s3-buckets";
    /** The setting naming the identity that created the bucket. */
    public static final String OWNER = "owner";
    /** The setting holding the bucket's tags, in URL query form. */
    public static final String TAGGING = "tagging";
    /** The setting holding the bucket's versioning state ({@code Enabled}, {@code Suspended}; absent: never). */
    public static final String VERSIONING = "versioning";
    /** The setting holding the bucket's CORS configuration, as GetBucketCors answers it. */
    public static final String CORS = "cors";
    /** The setting holding the bucket's lifecycle configuration, as GetBucketLifecycleConfiguration answers it. */
    public static final String LIFECYCLE = "lifecycle";

    /** The setting holding the bucket's ACL, as GetBucketAcl answers it (absent: the owner's full control). */
    public static final String ACL = "acl";
    /** The setting holding the bucket's object lock configuration (absent: the bucket has no object lock). */
    public static final String OBJECT_LOCK = "object-lock";
    /** The setting holding the bucket's policy, as PutBucketPolicy was given it. */
    public static final String POLICY = "policy";

    private final FilerAccess filer;

    public BucketSettings(FilerAccess filer) {
        this.filer = filer;
    }

    /** The value of setting {@code name} of {@code bucket}, or empty when it was never set. */
    public Optional<String> get(String bucket, String name) {
        String path = path(bucket, name);
        try {
            if (filer.find(path).isEmpty()) {
                return Optional.empty();
            }
            try (FilerRead read = filer.read(path, 0, -1)) {
                return Optional.of(new String(read.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (FilerException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        } catch (IOException e) {
            throw new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "cannot read the bucket's " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** Sets {@code name} of {@code bucket} to {@code value}, replacing what was there. */
    public void put(String bucket, String name, String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            filer.write(path(bucket, name), new ByteArrayInputStream(bytes), bytes.length,
                    new FilerAccess.WriteOptions("", Map.of(), ""));
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /** Removes {@code name} of {@code bucket} (nothing when it is not set). */
    public void remove(String bucket, String name) {
        try {
            filer.delete(path(bucket, name), false);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    /** Removes every setting of {@code bucket}. */
    public void drop(String bucket) {
        try {
            filer.delete(ROOT + "/" + bucket, true);
        } catch (FilerException e) {
            throw FilerFailures.map(e, S3ErrorCode.NO_SUCH_BUCKET);
        }
    }

    private static String path(String bucket, String name) {
        return ROOT + "/" + bucket + "/" + name;
    }
}
