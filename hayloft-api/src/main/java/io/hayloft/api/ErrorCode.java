package io.hayloft.api;

/**
 * Why an operation failed, with the HTTP status the HTTP layer answers for it.
 * The status lives here so that every server maps a failure the same way.
 */
public enum ErrorCode {
    /** Malformed or out-of-range input: a fid, a parameter, a body. */
    BAD_REQUEST(400),
    /** The caller is not on the white list. */
    FORBIDDEN(403),
    /** No such volume, needle, or the cookie did not match, or the needle expired or was deleted. */
    NOT_FOUND(404),
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

    /** The HTTP status code this failure is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
