package io.hayloft.cli.fs;

/**
 * A failed file operation, worded as a shell user expects ({@code /x: No such file or directory});
 * {@code hayloft fs} prints it after {@code "hayloft fs: "} and exits with 1.
 */
public final class FsFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FsFailure(String message) {
        super(message);
    }

    FsFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the filer could not be reached (or the answer broke off): trying again may work. */
    boolean retryable() {
        return getCause() instanceof io.hayloft.api.wire.HttpTransport.Unreachable;
    }

    static FsFailure noSuchFile(String path) {
        return new FsFailure(path + ": No such file or directory");
    }

    static FsFailure isADirectory(String path) {
        return new FsFailure(path + ": Is a directory");
    }

    static FsFailure notADirectory(String path) {
        return new FsFailure(path + ": Not a directory");
    }

    static FsFailure exists(String path) {
        return new FsFailure(path + ": File exists");
    }
}
