package io.hayloft.cli;

import io.hayloft.cli.simulate.SimulateCommand;
import io.hayloft.cli.benchmark.BenchmarkCommand;
import io.hayloft.cli.config.ConfigDefaults;
import io.hayloft.cli.config.ConfigKeys;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.security.SecurityConfig;
import io.hayloft.cli.config.TomlFile;
import io.hayloft.cli.files.DeleteCommand;
import io.hayloft.cli.files.DownloadCommand;
import io.hayloft.cli.files.UploadCommand;
import io.hayloft.cli.serve.MasterCommand;
import io.hayloft.cli.serve.ServerCommand;
import io.hayloft.cli.serve.VolumeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code hayloft} command: global options and the subcommands. */
@Command(name = "hayloft", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Hayloft: a distributed store for billions of files (Haystack / SeaweedFS lineage).",
        footer = {"", "Start with:  hayloft server -dir ./data",
                "Then:        hayloft upload photo.jpg   |   hayloft benchmark -n 10000"},
        subcommands = {ServerCommand.class, MasterCommand.class, VolumeCommand.class, UploadCommand.class, SimulateCommand.class,
                DownloadCommand.class, DeleteCommand.class, BenchmarkCommand.class, VersionCommand.class})
public final class HayloftCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    private boolean verbose;

    /**
     * {@code -config FILE}: option defaults for every command from one TOML file, a section per
     * command ({@code [master]}, {@code [volume]}, {@code [filer]}, {@code [server]}); flags given on
     * the command line override it. Must come before the command: {@code hayloft -config c.toml volume}.
     * A section or key that names no command or option is a usage error ({@link ConfigKeys}).
     */
    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "Take option defaults from this TOML file: a section per command ([master], [volume],"
                    + " [filer], [server]...), keys named like the flags (port = 8080, dir = [\"d1\", \"d2\"])."
                    + " Flags override the file; an unknown section or key is an error.")
    void config(java.nio.file.Path file) {
        configFile = file;
        try {
            TomlFile toml = TomlFile.read(file);
            ConfigKeys.check(toml, file.toString(), spec.commandLine());
            spec.commandLine().setDefaultValueProvider(new ConfigDefaults(toml));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, file.toString());
        }
    }

    private java.nio.file.Path configFile;
    private java.nio.file.Path securityFile;
    private SecurityConfig security;

    /**
     * {@code -security FILE}: the cluster's {@code security.toml} (signing keys, the internal key, TLS files),
     * read by every role and tool; without it, {@code security.toml} beside the {@code -config} file or in the
     * working directory, if there is one; else security is off.
     */
    @Option(names = {"-security", "--security"}, paramLabel = "FILE",
            description = "The cluster's security.toml: signed writes ([jwt.signing]), signed reads ([jwt.signing.read]),"
                    + " the key roles show each other ([internal]) and TLS ([tls]). Default: security.toml beside -config,"
                    + " else in the working directory, else security off.")
    void security(java.nio.file.Path file) {
        securityFile = file;
    }

    /**
     * What {@code security.toml} turns on for this run ({@link SecurityConfig#NONE} without one); read once.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the file and line of a bad entry
     */
    public synchronized SecurityConfig security() {
        if (security == null) {
            security = SecurityFile.locate(securityFile, configFile)
                    .map(f -> SecurityFile.read(f, java.time.Clock.systemUTC())).orElse(SecurityConfig.NONE);
        }
        return security;
    }

    /** The security of the run {@code spec}'s command belongs to; {@link SecurityConfig#NONE} outside the hayloft command. */
    public static SecurityConfig security(CommandSpec spec) {
        return spec.root().userObject() instanceof HayloftCommand root ? root.security() : SecurityConfig.NONE;
    }

    /** Whether {@code -v} was given on this command or any subcommand. */
    boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
