package io.hayloft.cli.config;

import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from a {@link TomlFile}: an option of the command {@code volume} takes
 * its default from key {@code port} (its longest name without dashes) in section {@code [volume]},
 * else from the top of the file (keys before any section). A flag given on the command line always
 * wins over the file. Thread-safe; immutable.
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
        String key = option.longestName().replaceFirst("^-+", "");
        Optional<String> value = file.get(command.name(), key).or(() -> file.get("", key));
        if (value.isPresent()) {
            return value.get();
        }
        // picocli: returning null falls back to the option's own default
        return option.defaultValue();
    }
}
