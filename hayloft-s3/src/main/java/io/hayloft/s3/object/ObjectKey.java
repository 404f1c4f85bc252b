package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as filer paths: key {@code a/b/c.txt} of bucket {@code photos} is the file
 * {@code /buckets/photos/a/b/c.txt}. A key is 1 to 1024 bytes of UTF-8; as a path it may not have an
 * empty, {@code .} or {@code ..} segment (but may end in {@code /}: a "folder" key, stored as a
 * directory), nor a NUL or a segment over 255 bytes. So no key can name anything outside its bucket.
 */
public final class ObjectKey {
    /** S3's longest key, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;
    private static final int MAX_SEGMENT_BYTES = 255;

    private ObjectKey() {
    }

    /**
     * Checks {@code key}.
     *
     * @return {@code key}
     * @throws S3Exception KeyTooLongError over 1024 bytes, InvalidArgument when it cannot be a filer path
     */
    public static String check(String key) {
        if (key.isEmpty()) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "the object key is empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new S3Exception(S3ErrorCode.KEY_TOO_LONG, "Your key is too long: at most " + MAX_BYTES + " bytes");
        }
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0
                    || segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "object key '" + key + "' is not supported here:"
                        + " keys are stored as paths, so no segment between '/' may be empty, '.', '..', hold a NUL"
                        + " or exceed 255 bytes");
            }
        }
        return key;
    }

    /** True for a key ending in {@code /} (a "folder" object, stored as a directory). */
    public static boolean isFolder(String key) {
        return key.endsWith("/");
    }
}
