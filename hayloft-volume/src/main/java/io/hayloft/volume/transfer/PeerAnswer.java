package io.hayloft.volume.transfer;

import io.hayloft.api.ErrorCode;

/**
 * A peer's answer to one replicated record (alone or as one result of a batch): the status the record
 * had, and when it failed the {@link ErrorCode} to decide on (from the answer's {@code code}; from the
 * status only when there is none) with the peer's message.
 *
 * @param status 201 stored, 202 deleted, or the failure's status
 * @param code   null when it succeeded
 * @param error  the peer's message when it failed, else empty
 */
public record PeerAnswer(int status, ErrorCode code, String error) {
    public PeerAnswer {
        error = error == null ? "" : error;
        if ((status >= 200 && status < 300) != (code == null)) {
            throw new IllegalArgumentException("a success has no code and a failure has one: " + status + " " + code);
        }
    }

    /** A success with {@code status}. */
    static PeerAnswer ok(int status) {
        return new PeerAnswer(status, null, "");
    }

    public boolean ok() {
        return code == null;
    }

    @Override
    public String toString() {
        return ok() ? Integer.toString(status) : status + " " + code + " " + error;
    }
}
