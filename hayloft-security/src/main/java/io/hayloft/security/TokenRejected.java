package io.hayloft.security;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;

/** A token that is missing, malformed, signed with another key or algorithm, expired or for something else: 401. */
public final class TokenRejected extends HayloftException {
    public TokenRejected(String message) {
        super(ErrorCode.UNAUTHORIZED, message);
    }
}
