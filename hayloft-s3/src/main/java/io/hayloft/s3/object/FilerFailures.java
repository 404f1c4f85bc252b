package io.hayloft.s3.object;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.filer.FilerException;

/** Maps the filer's refusals to S3 errors, once. */
final class FilerFailures {
    private FilerFailures() {
    }

    /**
     * The S3 error for {@code e}: 404 → {@code notFound}, 409 (a file where a directory is needed or the
     * reverse) → InvalidRequest, other 4xx → InvalidArgument, unreachable or 5xx → ServiceUnavailable.
     */
    static S3Exception map(FilerException e, S3ErrorCode notFound) {
        return switch (e.status()) {
            case 404 -> new S3Exception(notFound, e.getMessage());
            case 409 -> new S3Exception(S3ErrorCode.INVALID_REQUEST, "the key conflicts with another key (objects are"
                    + " stored as paths: 'a' and 'a/b' cannot both exist): " + e.getMessage());
            case 400, 413, 416 -> new S3Exception(S3ErrorCode.INVALID_ARGUMENT, e.getMessage());
            default -> new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "the filer failed: " + e.getMessage(), e);
        };
    }
}
