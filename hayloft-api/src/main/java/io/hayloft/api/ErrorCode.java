package io.hayloft.api;

/**
 * Why an operation failed, with the HTTP status the HTTP layer answers for it.
 * The status lives here so that every server maps a failure the same way. The name travels in every
 * error body ({@code "code"}) because statuses are shared ({@link #CONFLICT} and
 * {@link #VOLUME_NOT_WRITABLE} are both 409): clients decide on the name, never on the status alone.
 */
public enum ErrorCode {
    /** Malformed or out-of-range input: a fid, a parameter, a body. */
    BAD_REQUEST(400),
    /**
     * The request carries no valid token where {@code security.toml} asks for one: a write or read of a fid
     * without a token signed for it, or a call between roles without the cluster's internal token.
     */
    UNAUTHORIZED(401),
    /** The caller is not on the white list. */
    FORBIDDEN(403),
    /** No such volume, needle, or the cookie did not match, or the needle expired or was deleted. */
    NOT_FOUND(404),
    /** The endpoint exists but does not take this method (the answer carries {@code Allow}). */
    METHOD_NOT_ALLOWED(405),
    /** Nothing can satisfy the request as asked (SeaweedFS answers 406 to assign failures). */
    NOT_ACCEPTABLE(406),
    /** The request conflicts with stored state (e.g. same key written with another cookie). */
    CONFLICT(409),
    /** The body is larger than allowed. */
    PAYLOAD_TOO_LARGE(413),
    /** The volume is read-only or full; the client should ask the master for another fid. */
    VOLUME_NOT_WRITABLE(409),
    /** Stored bytes failed their checksum. */
    CORRUPT(500),
    /** An unexpected failure inside the server. */
    INTERNAL(500),
    /** The server cannot answer now (no leader yet, warming up); retry later. */
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The code named {@code name} (as it travels in an error body's {@code code}), if there is one. */
    public static java.util.Optional<ErrorCode> parse(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The code a bare HTTP status most likely means, for answers without a {@code code}
     * (SeaweedFS, proxies): a 409 is taken as {@link #CONFLICT}, any other 5xx as {@link #INTERNAL}.
     */
    public static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }

    /** The HTTP status code this failure is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
