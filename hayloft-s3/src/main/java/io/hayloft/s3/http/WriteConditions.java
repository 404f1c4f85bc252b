package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.ObjectInfo;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Conditional writes: {@code If-None-Match: *} (write only when the key does not exist) and
 * {@code If-Match: <etag>} (write only over that version) on PutObject, as AWS documents them, and, as
 * Ceph does, {@code If-None-Match: <etag>} (write unless the current version has that ETag). The
 * condition is checked before the body is read and again once it is stored, just before the commit,
 * so a write that lost a race in between is refused; the window between that last check and the
 * filer's commit remains (the filer has no compare-and-set yet).
 */
final class WriteConditions {
    private WriteConditions() {
    }

    /**
     * The check a write's headers ask for, or null when they ask none.
     *
     * @param current looks up the object as it is now
     */
    static Runnable of(Function<String, String> header, Supplier<Optional<ObjectInfo>> current) {
        String ifNoneMatch = header.apply("If-None-Match");
        String ifMatch = header.apply("If-Match");
        if (ifNoneMatch == null && ifMatch == null) {
            return null;
        }
        return () -> {
            Optional<ObjectInfo> now = current.get();
            if (ifNoneMatch != null && now.isPresent() && matches(ifNoneMatch, now.get().eTag())) {
                throw failed();
            }
            if (ifMatch != null) {
                ObjectInfo o = now.orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_KEY,
                        "The specified key does not exist."));
                if (!matches(ifMatch, o.eTag())) {
                    throw failed();
                }
            }
        };
    }

    private static boolean matches(String header, String eTag) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(eTag) || ("\"" + t + "\"").equals(eTag)) {
                return true;
            }
        }
        return false;
    }

    private static S3Exception failed() {
        return new S3Exception(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did"
                + " not hold");
    }
}
