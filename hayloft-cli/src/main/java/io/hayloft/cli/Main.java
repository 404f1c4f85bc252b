package io.hayloft.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** Entry point of the {@code hayloft} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // gRPC (inside Ratis) logs through java.util.logging: keep its INFO chatter off the console.
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /**
     * The whole command tree, ready to {@link CommandLine#execute}: output to {@code System.out} and
     * {@code System.err} unless the caller sets other writers. Not thread-safe; build one per run.
     */
    public static CommandLine commandLine() {
        HayloftCommand root = new HayloftCommand();
        CommandLine cli = new CommandLine(root);
        // through a CommandLine of its own, so its model transformer adds the settings' options
        cli.addSubcommand(new CommandLine(new io.hayloft.cli.serve.FilerCommand()));
        cli.addSubcommand(new CommandLine(new io.hayloft.cli.serve.S3Command()));
        cli.addSubcommand(new io.hayloft.cli.fs.FsCommand());
        cli.addSubcommand(io.hayloft.cli.shell.ShellCommand.commandLine());
        cli.addSubcommand(new io.hayloft.cli.security.SecurityCommand());
        cli.setExecutionExceptionHandler(new FailureHandler(root));
        cli.setParameterExceptionHandler(new UsageErrorHandler(cli.getParameterExceptionHandler()));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** {@link #commandLine()} writing to {@code out} and {@code err}; for tests and embedding. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli;
    }
}
