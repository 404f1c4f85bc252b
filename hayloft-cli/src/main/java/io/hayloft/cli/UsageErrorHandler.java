package io.hayloft.cli;

import io.hayloft.api.HayloftException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Reports a value a setting or config rejected as one line on stderr,
 * {@code hayloft volume: -max must be a whole number in 0..100000, got 'seven'}, and exits with 2
 * (picocli's usage-error code) without a stack trace or the whole usage text. Other usage errors
 * (unknown options, missing parameters) keep picocli's report: the message, then the usage help.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    private final IParameterExceptionHandler picocli;

    UsageErrorHandler(IParameterExceptionHandler picocli) {
        this.picocli = picocli;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        if (!(ex.getCause() instanceof HayloftException)) {
            return picocli.handleParseException(ex, args);
        }
        CommandLine command = ex.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(name + ": " + ex.getMessage()
                + " (" + name + " --help lists every option)"));
        err.flush();
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        return spec.exitCodeOnInvalidInput();
    }
}
