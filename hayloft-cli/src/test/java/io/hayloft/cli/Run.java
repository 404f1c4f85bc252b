package io.hayloft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code hayloft} invocation with captured output.
 *
 * @param exitCode what the process would exit with
 * @param out      stdout
 * @param err      stderr
 */
public record Run(int exitCode, String out, String err) {
    /** Runs {@code hayloft args...} in this JVM. */
    public static Run hayloft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
