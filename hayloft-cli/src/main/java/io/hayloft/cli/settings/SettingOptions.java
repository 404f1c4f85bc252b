package io.hayloft.cli.settings;

import io.hayloft.api.settings.Kind;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.cli.config.ConfigDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns settings into picocli options and reads their text back. An option holds the text as given
 * (a list option the items of every occurrence); {@link Setting#parse} reads it, so a malformed or
 * out-of-range value fails with the flag and its range in the message.
 */
public final class SettingOptions {
    private SettingOptions() {
    }

    /** Adds an option for each setting of {@code table}, named {@code -name} and {@code --name}. */
    public static void addTable(CommandSpec spec, SettingsTable<?> table) {
        for (Setting<?, ?> s : table.settings()) {
            add(spec, s, List.of(s.name()), s.description());
        }
    }

    /**
     * Adds an option for {@code setting} under each of {@code names} (without dashes; the first is the
     * canonical one, also the TOML key), each with one and two dashes.
     */
    public static void add(CommandSpec spec, Setting<?, ?> setting, List<String> names, String description) {
        List<String> flags = new ArrayList<>();
        for (String n : names) {
            flags.add("-" + n);
            flags.add("--" + n);
        }
        Kind<?> kind = setting.kind();
        OptionSpec.Builder option = OptionSpec.builder(flags.toArray(String[]::new))
                .paramLabel(kind.label())
                .description(help(setting, description))
                .defaultValue(setting.defaultValue() == null || setting.defaultText().isEmpty()
                        ? null : setting.defaultText());
        if (kind.list()) {
            option.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
        } else if (kind.flag()) {
            option.type(String.class).arity("0..1").fallbackValue("true");
        } else {
            option.type(String.class);
        }
        spec.addOption(option.build());
    }

    /**
     * The text of option {@code flag} (with its dash): as given, from the TOML file, or the setting's
     * default; null when none of those sets it. A list option's items are joined with commas.
     */
    public static String text(CommandSpec spec, String flag) {
        OptionSpec option = spec.optionsMap().get(flag);
        if (option == null) {
            throw new IllegalArgumentException(spec.qualifiedName() + " has no option " + flag);
        }
        Object value = option.getValue();
        if (value instanceof List<?> items) {
            return String.join(",", items.stream().map(String::valueOf).toList());
        }
        return value == null ? null : value.toString();
    }

    /**
     * {@code base} with every setting of {@code table} read from its option {@code -name}.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the flag of the first bad value
     */
    public static <C> C apply(CommandSpec spec, SettingsTable<C> table, C base) {
        C config = base;
        for (Setting<C, ?> s : table.settings()) {
            config = SettingsTable.applyOne(s, config, text(spec, s.flag()), label(spec, s.flag(), s.flag()));
        }
        return config;
    }

    /**
     * How a bad value of option {@code flag} is named in its message: {@code flagLabel} when the value
     * came from the command line or the setting's default, the file, line and key when it came from the
     * TOML file ({@code cluster.toml:7: max:}), so that the operator knows which to fix.
     */
    public static String label(CommandSpec spec, String flag, String flagLabel) {
        OptionSpec option = spec.optionsMap().get(flag);
        if (option == null || spec.defaultValueProvider() == null) {
            return flagLabel;
        }
        var parsed = spec.commandLine().getParseResult();
        if (parsed != null && parsed.hasMatchedOption(option)) {
            return flagLabel;
        }
        return spec.defaultValueProvider() instanceof ConfigDefaults file
                ? file.label(option).orElse(flagLabel) : flagLabel;
    }

    /**
     * The help text of a setting: its description, what a value must be (unit, range, how to write it),
     * and its default.
     */
    public static String help(Setting<?, ?> setting, String description) {
        StringBuilder text = new StringBuilder(description);
        String expected = expected(setting.kind());
        if (!expected.isEmpty()) {
            text.append(' ').append(expected).append('.');
        }
        return text.append(" Default: ").append(setting.defaultHelp()).append('.').toString();
    }

    /** "A size in 1MiB..32GiB (such as ...)", or empty for free text and paths. */
    static String expected(Kind<?> kind) {
        if (kind.range().isEmpty() && kind.hint().isEmpty() && !kind.unit().equals("choice")) {
            return "";
        }
        String e = kind.expected();
        return e.substring(0, 1).toUpperCase(Locale.ROOT) + e.substring(1);
    }
}
