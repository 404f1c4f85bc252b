package io.hayloft.api;

/**
 * A domain failure with a code saying what kind it is and a message a user can act on.
 * Unchecked: callers at API edges map it to a response; inside, it propagates.
 */
public class HayloftException extends RuntimeException {
    private final ErrorCode code;
    private final String leader;

    public HayloftException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public HayloftException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    /** @param leader the master leader's {@code host:port} when known (a hint for the client), or null */
    public HayloftException(ErrorCode code, String message, Throwable cause, String leader) {
        super(message, cause);
        this.code = code;
        this.leader = leader;
    }

    public ErrorCode code() {
        return code;
    }

    /** The master leader's {@code host:port}, when the failure knows it (sent as {@code "leader"}). */
    public java.util.Optional<String> leader() {
        return java.util.Optional.ofNullable(leader);
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
