package io.hayloft.cli.fs;

import io.hayloft.cli.HayloftCommand;
import io.hayloft.cli.VersionProvider;
import io.hayloft.security.SecurityConfig;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft fs}: seed 004's client over the filer's HTTP API. Each subcommand is its own class;
 * {@code -filer host:port} is inherited by all of them.
 */
@Command(name = "fs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Work with files and directories in a filer: ls, put, get, rm, mkdir, mv, cat, du, tree, watch.",
        footer = {"", "Errors go to stderr as 'hayloft fs: PATH: reason'; exit 1 when an operation failed, 2 for"
                + " bad usage."},
        subcommands = {LsCommand.class, PutCommand.class, GetCommand.class, RmCommand.class, MkdirCommand.class,
                MvCommand.class, CatCommand.class, DuCommand.class, TreeCommand.class, WatchCommand.class})
public final class FsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-filer", "--filer"}, paramLabel = "HOST:PORT", defaultValue = "localhost:8888",
            scope = ScopeType.INHERIT, description = "The filer to talk to. Default: ${DEFAULT-VALUE}.")
    String filer;

    private OutputStream stdout = System.out;
    private SecurityConfig security;

    /** Where {@code cat} writes file bytes: {@link System#out} unless a test or embedder says otherwise. */
    public FsCommand withBinaryOut(OutputStream out) {
        this.stdout = out;
        return this;
    }

    OutputStream binaryOut() {
        return stdout;
    }

    /** The {@code security.toml} to use when this command does not run under {@code hayloft} (the shell's fs.*). */
    public FsCommand withSecurity(SecurityConfig s) {
        this.security = s;
        return this;
    }

    /** The security set by {@link #withSecurity}, else {@code hayloft -security}'s (none when neither). */
    SecurityConfig security(CommandSpec subcommand) {
        return security != null ? security : HayloftCommand.security(subcommand);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
