package io.hayloft.api.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A role's settings in order (the order of {@code --help} and of the reference). Immutable.
 *
 * @param role     the role's command name ({@code master}, {@code volume}, {@code filer})
 * @param settings every setting, names unique
 * @param <C>      the role's config record
 */
public record SettingsTable<C>(String role, List<Setting<C, ?>> settings) {
    /** @throws IllegalArgumentException when two settings share a name */
    public SettingsTable {
        settings = List.copyOf(settings);
        Map<String, Setting<C, ?>> byName = new LinkedHashMap<>();
        for (Setting<C, ?> s : settings) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException(role + ": setting " + s.name() + " defined twice");
            }
        }
    }

    /** The setting named {@code name}, if the role has one. */
    public Optional<Setting<C, ?>> find(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The setting named {@code name}; {@link IllegalArgumentException} if the role has none. */
    public Setting<C, ?> get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(role + " has no setting " + name));
    }

    /**
     * {@code base} with every setting applied, each read from {@code texts} (by name; absent: its default)
     * as {@link Setting#parse} does.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} naming the first bad setting's flag
     */
    public C apply(C base, Map<String, String> texts) {
        C config = base;
        for (Setting<C, ?> s : settings) {
            config = applyOne(s, config, texts.get(s.name()), s.flag());
        }
        return config;
    }

    /** {@code config} with {@code setting} read from {@code text} given for {@code flag}. */
    public static <C, T> C applyOne(Setting<C, T> setting, C config, String text, String flag) {
        return setting.applyTo(config, setting.parse(text, flag));
    }
}
