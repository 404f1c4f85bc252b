package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * One whole HTTP answer: status, headers, body.
 *
 * @param uri     what was asked
 * @param status  the HTTP status
 * @param headers response headers
 * @param body    the whole body (may be empty)
 */
record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {
    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The {@code Retry-After} delay in seconds, when the server sent one. */
    Optional<Duration> retryAfter() {
        return headers.firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The failure this answer stands for: the code from the body's {@code code} (servers share
     * statuses between codes: 409 is CONFLICT or VOLUME_NOT_WRITABLE), from the status only when the
     * body has none (SeaweedFS, a proxy); the message from the {@code error} field; the leader hint
     * when a master gave one.
     */
    HayloftException toException(Json json) {
        return failure(json, uri, status, body);
    }

    /** {@link #toException} for an answer read some other way (a streamed one's first bytes). */
    static HayloftException failure(Json json, URI uri, int status, byte[] body) {
        io.hayloft.api.wire.ErrorResponse error = json.errorBody(body);
        ErrorCode code = error == null ? codeOf(status) : error.errorCode().orElse(codeOf(status));
        HayloftException plain = failure(uri, status, json.errorMessage(body));
        return new HayloftException(code, plain.getMessage(), null, error == null ? null : error.leader());
    }

    /** Maps an HTTP status to the error code the servers used to produce it. */
    static ErrorCode codeOf(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }

    /** A failure for {@code status} at {@code uri}; the message is the server's, or a description of the status. */
    static HayloftException failure(URI uri, int status, String serverMessage) {
        String where = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        String message = serverMessage == null || serverMessage.isBlank()
                ? "HTTP " + status + " from " + where
                : serverMessage + " (HTTP " + status + " from " + where + ")";
        return new HayloftException(codeOf(status), message);
    }
}
