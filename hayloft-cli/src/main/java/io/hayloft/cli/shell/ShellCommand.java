package io.hayloft.cli.shell;

import io.hayloft.api.HayloftException;
import io.hayloft.cli.VersionProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft shell [-master host:port,...] [COMMAND [ARGS]]}: runs one administration command
 * (exit 0, 1 when the cluster refused or failed it, 2 for bad arguments), or without a command
 * opens a prompt reading commands from stdin. Register with {@link #commandLine()}: the command
 * words after the first positional are passed through untouched.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Administer a cluster: one command, or a prompt reading commands from stdin.",
                "Commands: help, cluster.status, cluster.raft.ps, cluster.raft.add, cluster.raft.remove."})
public final class ShellCommand implements Callable<Integer> {
    /** Exit status for bad shell arguments. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-master", "--master"}, split = ",", paramLabel = "HOST:PORT", defaultValue = "localhost:9333",
            description = "Master address(es), comma separated, tried in order. Default: ${DEFAULT-VALUE}.")
    List<String> masters;

    @Option(names = {"-patience", "--patience"}, paramLabel = "SECONDS", defaultValue = "20",
            description = "How long to retry while no master can serve a call (no leader yet). Default: ${DEFAULT-VALUE}.")
    int patienceSeconds;

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
            session = new ShellSession(new MasterHttp(masters, Duration.ofSeconds(patienceSeconds), Clock.systemUTC()),
                    out);
        } catch (ShellUsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (words.isEmpty()) {
            int failed = new ShellPrompt(registry, session, err).run(
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            return failed == 0 ? 0 : 1;
        }
        try {
            registry.run(words, session);
            return 0;
        } catch (ShellUsageException e) {
            err.println("hayloft shell " + words.getFirst() + ": " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (HayloftException e) {
            err.println("hayloft shell " + words.getFirst() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
