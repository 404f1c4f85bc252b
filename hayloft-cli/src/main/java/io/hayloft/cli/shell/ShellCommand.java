package io.hayloft.cli.shell;

import io.hayloft.api.HayloftException;
import io.hayloft.cli.VersionProvider;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft shell [-master host:port,...] [-filer host:port] [COMMAND [ARGS]]}: runs one
 * administration command (exit 0, 1 when the cluster refused or failed it or a check found
 * problems, 2 for bad arguments), or without a command opens a prompt: a line editor with history
 * and completion on a terminal, plain line reading when stdin is not one (scripts pipe commands
 * in). Register with {@link #commandLine()}: the command words after the first positional are
 * passed through untouched.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Administer a cluster: one command, or a prompt reading commands from stdin.",
                "Commands: help, cluster.*, volume.*, collection.*, fs.*; 'help' lists them."})
public final class ShellCommand implements Callable<Integer> {
    /** Exit status for bad shell arguments. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-master", "--master"}, split = ",", paramLabel = "HOST:PORT", defaultValue = "localhost:9333",
            description = "Master address(es), comma separated, tried in order. Default: ${DEFAULT-VALUE}.")
    List<String> masters;

    @Option(names = {"-filer", "--filer"}, paramLabel = "HOST:PORT", defaultValue = ShellSession.DEFAULT_FILER,
            description = "The filer the fs.* commands use. Default: ${DEFAULT-VALUE}.")
    String filer;

    @Option(names = {"-patience", "--patience"}, paramLabel = "SECONDS", defaultValue = "20",
            description = "How long to retry while no master can serve a call (no leader yet). Default: ${DEFAULT-VALUE}.")
    int patienceSeconds;

    @Option(names = {"-historyFile", "--history-file"}, paramLabel = "FILE",
            description = "Where the prompt keeps its history on a terminal. Default: ~/"
                    + TerminalInput.HISTORY_FILE + ".")
    Path historyFile;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "A shell command and its arguments.")
    List<String> words = new ArrayList<>();

    /** This command with positional words passed through (so {@code -id} reaches the shell command). */
    public static CommandLine commandLine() {
        return new CommandLine(new ShellCommand()).setStopAtPositional(true);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (patienceSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-patience must not be negative");
        }
        ShellRegistry registry = ShellRegistry.standard();
        ShellSession session;
        try {
            io.hayloft.security.SecurityConfig security = io.hayloft.cli.HayloftCommand.security(spec);
            session = new ShellSession(new MasterHttp(masters, Duration.ofSeconds(patienceSeconds), Clock.systemUTC(),
                    security), out, filer, System.out, security);
        } catch (ShellUsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (words.isEmpty()) {
            ShellPrompt prompt = new ShellPrompt(registry, session, err);
            int failed = onTerminal() ? interactive(prompt, registry, err)
                    : prompt.run(plainStdin());
            return failed == 0 ? 0 : 1;
        }
        try {
            registry.run(words, session);
            return 0;
        } catch (ShellUsageException e) {
            err.println("hayloft shell " + words.getFirst() + ": " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (HayloftException | ShellFailedException e) {
            out.flush();
            err.println("hayloft shell " + words.getFirst() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private int interactive(ShellPrompt prompt, ShellRegistry registry, PrintWriter err) {
        Path history = historyFile != null ? historyFile
                : Path.of(System.getProperty("user.home"), TerminalInput.HISTORY_FILE);
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            err.println("hayloft shell: no line editor (" + e.getMessage() + "); reading plain lines");
            err.flush();
            return prompt.run(plainStdin());
        }
        TerminalInput input = new TerminalInput(terminal, registry, history);
        try {
            return prompt.run(input);
        } finally {
            try {
                input.close();
            } catch (UncheckedIOException e) {
                err.println("hayloft shell: " + e.getMessage() + ": " + e.getCause().getMessage());
                err.flush();
            }
            try {
                terminal.close();
            } catch (IOException e) {
                // The terminal is being left anyway.
            }
        }
    }

    private static BufferedReader plainStdin() {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
}
