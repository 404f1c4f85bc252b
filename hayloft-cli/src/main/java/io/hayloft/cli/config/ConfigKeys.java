package io.hayloft.cli.config;

import io.hayloft.api.HayloftException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks that a {@link TomlFile} only sets what exists: each section is named after a command and
 * each key in it names one of that command's options (without dashes); a key before any section
 * names an option of some command. A typo ({@code maxx = 7}) is an error instead of a setting
 * silently left at its default.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /**
     * Checks {@code file} read from {@code origin} against the commands of {@code root}.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the file, the line, the section and the unknown key
     */
    public static void check(TomlFile file, String origin, CommandLine root) {
        Map<String, CommandLine> commands = root.getSubcommands();
        Set<String> anyCommand = new TreeSet<>(keys(root));
        commands.values().forEach(c -> anyCommand.addAll(keys(c)));
        for (Map.Entry<String, Map<String, String>> section : file.sections().entrySet()) {
            String name = section.getKey();
            Set<String> allowed;
            if (name.isEmpty()) {
                allowed = anyCommand;
            } else {
                CommandLine command = commands.get(name);
                HayloftException.checkArgument(command != null, origin + ": [" + name + "] is not a command; sections"
                        + " are named after one (" + String.join(", ", new TreeSet<>(commands.keySet())) + ")");
                allowed = keys(command);
            }
            for (String key : section.getValue().keySet()) {
                HayloftException.checkArgument(allowed.contains(key), file.where(name, key) + ": "
                        + (name.isEmpty() ? key + " is not an option of any command"
                        : "[" + name + "] " + key + " is not an option of hayloft " + name));
            }
        }
    }

    /** The option names of {@code command} without their dashes. */
    private static Set<String> keys(CommandLine command) {
        return command.getCommandSpec().options().stream().map(OptionSpec::names).flatMap(Arrays::stream)
                .map(n -> n.replaceFirst("^-+", "")).collect(Collectors.toCollection(TreeSet::new));
    }
}
