package io.hayloft.s3.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway refuses, with its S3 code, a message and optional extra elements of the
 * error body (a {@code SignatureDoesNotMatch} carries {@code StringToSign} and {@code CanonicalRequest},
 * as AWS sends them). Unchecked; the HTTP layer maps it to an XML error once.
 */
public final class S3Exception extends RuntimeException {
    private final S3ErrorCode code;
    private final Map<String, String> details;

    public S3Exception(S3ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public S3Exception(S3ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    /** @param details extra elements of the error body, in order (element name → text) */
    public S3Exception(S3ErrorCode code, String message, Map<String, String> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public S3ErrorCode code() {
        return code;
    }

    /** Extra elements of the error body (e.g. {@code StringToSign}); empty for most errors. */
    public Map<String, String> details() {
        return details;
    }

    /** Guard for request input: throws {@code code} with {@code message} when {@code condition} fails. */
    public static void check(boolean condition, S3ErrorCode code, String message) {
        if (!condition) {
            throw new S3Exception(code, message);
        }
    }
}
