package io.hayloft.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command's failure as one line on stderr, {@code hayloft <command>: <message>}, and exits
 * with 1. The stack trace follows only with {@code -v}.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    static final int FAILED = 1;

    private final HayloftCommand root;

    FailureHandler(HayloftCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(prefix(command) + messageOf(ex)));
        if (root.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static String prefix(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName();
        return name + ": ";
    }

    /** The exception's message, or for one without a message its kind and cause. */
    static String messageOf(Throwable t) {
        String m = t.getMessage();
        if (m != null && !m.isBlank()) {
            return m;
        }
        String kind = t.getClass().getSimpleName();
        return t.getCause() == null ? kind : kind + ": " + messageOf(t.getCause());
    }
}
