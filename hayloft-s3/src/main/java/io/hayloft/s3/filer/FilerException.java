package io.hayloft.s3.filer;

/**
 * The filer refused a call or could not be reached: its HTTP status (0 when unreachable) and its
 * error message. The S3 layer maps it to an S3 error.
 */
public final class FilerException extends RuntimeException {
    private final int status;

    public FilerException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The filer refused with {@code status} because of {@code cause} (an in-process call's failure). */
    public FilerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public FilerException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The filer's HTTP status, or 0 when it could not be reached. */
    public int status() {
        return status;
    }
}
