package io.hayloft.cli.shell;

/** A shell command was given bad arguments; nothing was sent to the cluster. */
public final class ShellUsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShellUsageException(String message) {
        super(message);
    }
}
