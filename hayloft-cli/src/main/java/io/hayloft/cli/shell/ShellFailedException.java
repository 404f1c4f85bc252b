package io.hayloft.cli.shell;

/**
 * A shell command ran but did not fully succeed: a check found problems, or some of the work it
 * was asked to do failed. What went right was printed already; the message sums up what did not.
 * {@code hayloft shell} exits with 1.
 */
public final class ShellFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShellFailedException(String message) {
        super(message);
    }
}
