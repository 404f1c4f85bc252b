package io.hayloft.cli.security;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hayloft security}: set-up of {@code security.toml} and certificates ({@code init}). */
@Command(name = "security", mixinStandardHelpOptions = true, subcommands = SecurityInitCommand.class,
        description = "Security set-up: hayloft security init DIR writes a CA, certificates and a security.toml.")
public final class SecurityCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: init");
    }
}
