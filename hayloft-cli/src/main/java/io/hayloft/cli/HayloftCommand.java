package io.hayloft.cli;

import io.hayloft.cli.simulate.SimulateCommand;
import io.hayloft.cli.benchmark.BenchmarkCommand;
import io.hayloft.cli.config.ConfigDefaults;
import io.hayloft.cli.config.ConfigKeys;
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
        try {
            TomlFile toml = TomlFile.read(file);
            ConfigKeys.check(toml, file.toString(), spec.commandLine());
            spec.commandLine().setDefaultValueProvider(new ConfigDefaults(toml));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, file.toString());
        }
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
