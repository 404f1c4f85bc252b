package io.hayloft.cli.config;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from a {@link TomlFile}: an option of the command {@code volume} takes
 * its default from key {@code port} (a name of the option without dashes) in section {@code [volume]},
 * else from the top of the file (keys before any section), else the option's own default (the
 * setting's, from its role's settings table). Precedence: flag &gt; {@code [command]} &gt; top of the
 * file &gt; the setting's default. An option with several names ({@code server}'s
 * {@code -master.volumeSizeLimitMB}, also {@code -volumeSizeLimitMB}) reads any of them, its
 * canonical (longest) name first. Thread-safe; immutable.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    private final TomlFile file;

    public ConfigDefaults(TomlFile file) {
        this.file = file;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        // picocli: the option's own default when the file does not set it
        return source(option).map(s -> file.get(s.section(), s.key()).orElseThrow()).orElse(option.defaultValue());
    }

    /**
     * Where the file sets {@code option}'s value, as a label for messages: {@code cluster.toml:7: max:}
     * (the file, the line, the key as written); empty when the file does not set it.
     */
    public Optional<String> label(OptionSpec option) {
        return source(option).map(s -> file.where(s.section(), s.key()) + ": " + s.key() + ":");
    }

    /** A key of the file: its section ({@code ""} for the top) and name. */
    private record Source(String section, String key) {
    }

    /** The section and key {@code option} takes its value from, by precedence; empty when none sets it. */
    private Optional<Source> source(OptionSpec option) {
        CommandSpec command = option.command();
        if (command == null) {
            return Optional.empty();
        }
        List<String> keys = keys(option);
        for (String section : List.of(command.name(), "")) {
            for (String key : keys) {
                if (file.get(section, key).isPresent()) {
                    return Optional.of(new Source(section, key));
                }
            }
        }
        return Optional.empty();
    }

    /** The option's names without dashes, longest (canonical) first, each once. */
    static List<String> keys(OptionSpec option) {
        return Arrays.stream(option.names()).map(n -> n.replaceFirst("^-+", "")).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
