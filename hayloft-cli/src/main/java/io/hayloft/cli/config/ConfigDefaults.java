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
        CommandSpec command = option.command();
        if (command == null) {
            return null;
        }
        List<String> keys = keys(option);
        for (String section : List.of(command.name(), "")) {
            for (String key : keys) {
                Optional<String> value = file.get(section, key);
                if (value.isPresent()) {
                    return value.get();
                }
            }
        }
        // picocli: returning null falls back to the option's own default
        return option.defaultValue();
    }

    /** The option's names without dashes, longest (canonical) first, each once. */
    static List<String> keys(OptionSpec option) {
        return Arrays.stream(option.names()).map(n -> n.replaceFirst("^-+", "")).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
