package io.hayloft.api.settings;

import io.hayloft.api.HayloftException;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One setting of a server role: its name (the flag is {@code -name}, the TOML key {@code name}), its
 * {@link Kind} (reading, unit, range), its default, its description, and how a value lands in the
 * role's config record {@code C}. The role's config record checks each value it holds with
 * {@link #check}, so the range is stated once. Immutable and thread-safe.
 *
 * @param name        flag name without its dash, also the TOML key ({@code volumeSizeLimitMB})
 * @param kind        how values read and print, their unit and range
 * @param defaultValue the value when nothing sets it; null when it is derived from other settings
 * @param defaultNote what the default is when {@code defaultValue} is null ("HTTP port + 10000"), else null
 * @param description one or two sentences for {@code --help} and the settings reference
 * @param apply       returns a copy of a config with this setting's value
 * @param <C>         the role's config record
 * @param <T>         the value type
 */
public record Setting<C, T>(String name, Kind<T> kind, T defaultValue, String defaultNote, String description,
                            BiFunction<C, T, C> apply) {
    /**
     * @throws IllegalArgumentException when the name is not a flag name, the default is outside the range,
     *                                  or a null default has no note saying what it is
     */
    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(apply, "apply");
        if (!name.matches("[a-z][A-Za-z0-9.]*")) {
            throw new IllegalArgumentException("bad setting name '" + name + "'");
        }
        if (defaultValue == null ? defaultNote == null : !kind.allowsValue(defaultValue)) {
            throw new IllegalArgumentException("setting " + name + ": default " + defaultValue
                    + " is not " + kind.expected());
        }
    }

    /** A setting whose default is {@code defaultValue}. */
    public static <C, T> Setting<C, T> of(String name, Kind<T> kind, T defaultValue, String description,
                                          BiFunction<C, T, C> apply) {
        return new Setting<>(name, kind, defaultValue, null, description, apply);
    }

    /** A setting without a default of its own: when unset, {@code apply} receives null; {@code note} says what happens. */
    public static <C, T> Setting<C, T> derived(String name, Kind<T> kind, String note, String description,
                                               BiFunction<C, T, C> apply) {
        return new Setting<>(name, kind, null, note, description, apply);
    }

    /** The flag, {@code -name}. */
    public String flag() {
        return "-" + name;
    }

    /**
     * Reads {@code text} given for {@code flag} (which may be this setting's flag under another name,
     * {@code -volume.max} for {@code -max}); null text is the default.
     *
     * @throws HayloftException {@code BAD_REQUEST} "{@code -max must be a whole number in 0..100000, got 'x'}"
     *                          when the text is malformed or outside the range
     */
    public T parse(String text, String flag) {
        if (text == null) {
            return defaultValue;
        }
        T value;
        try {
            value = kind.parse(text);
        } catch (IllegalArgumentException e) {
            throw rejected(flag, "'" + text + "'" + reason(e));
        }
        if (!kind.allowsValue(value)) {
            throw rejected(flag, "'" + text + "'");
        }
        return value;
    }

    /**
     * Returns {@code value} when it is inside the range; a config record's constructor calls this.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the flag and the range otherwise
     */
    public T check(T value) {
        if (!kind.allowsValue(value)) {
            throw rejected(flag(), value == null ? "nothing" : kind.format(value));
        }
        return value;
    }

    /** The default as text the flag reads, or null when derived. */
    public String defaultText() {
        return defaultValue == null ? null : kind.format(defaultValue);
    }

    /** The default as shown in help and the reference: its text, its note when derived, "none" for an empty value. */
    public String defaultHelp() {
        if (defaultValue == null) {
            return defaultNote;
        }
        String text = defaultText();
        return text.isEmpty() ? "none" : text;
    }

    /** {@code config} with {@code value} (null: the derived default) applied. */
    public C applyTo(C config, T value) {
        return apply.apply(config, value);
    }

    private HayloftException rejected(String flag, String got) {
        return HayloftException.badRequest(flag + " must be " + kind.expected() + ", got " + got);
    }

    private static String reason(IllegalArgumentException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() || m.startsWith("not ") ? "" : " (" + m + ")";
    }
}
