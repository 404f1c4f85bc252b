package io.hayloft.api;

/**
 * A domain failure with a code saying what kind it is and a message a user can act on.
 * Unchecked: callers at API edges map it to a response; inside, it propagates.
 */
public class HayloftException extends RuntimeException {
    private final ErrorCode code;

    public HayloftException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public HayloftException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static HayloftException badRequest(String message) {
        return new HayloftException(ErrorCode.BAD_REQUEST, message);
    }

    public static HayloftException notFound(String message) {
        return new HayloftException(ErrorCode.NOT_FOUND, message);
    }

    /** Guard for caller input: throws {@code BAD_REQUEST} with the message when the condition fails. */
    public static void checkArgument(boolean condition, String message) {
        if (!condition) {
            throw badRequest(message);
        }
    }
}
