package io.hayloft.api.settings;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the values of a setting read and print, their unit and their allowed range. Built by
 * {@link Kinds}. Immutable and thread-safe.
 *
 * @param noun    what a value is, for messages ("a duration", "a size", "a whole number")
 * @param hint    how to write one, for messages and help ("such as 90s or 3m; a bare number is seconds"); may be empty
 * @param unit    the unit column of the settings reference ("duration", "bytes", "count", "ratio", ...)
 * @param label   the parameter label of {@code --help} ({@code N}, {@code SIZE}, {@code HOST:PORT})
 * @param range   the allowed range in the kind's own notation ({@code 1MiB..32GiB}); empty for any
 * @param reader  text to value; throws {@link IllegalArgumentException} saying why the text is malformed
 * @param writer  value to text that {@code reader} reads back
 * @param allows  whether a value is inside the range
 * @param list    a comma separated list (the flag may also repeat)
 * @param flag    a boolean that may stand alone ({@code -fsync} for {@code -fsync=true})
 * @param <T>     the value type
 */
public record Kind<T>(String noun, String hint, String unit, String label, String range, Function<String, T> reader,
                      Function<T, String> writer, Predicate<T> allows, boolean list, boolean flag) {
    public Kind {
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(allows, "allows");
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException when it is malformed (the message says why)
     */
    public T parse(String text) {
        return reader.apply(text.trim());
    }

    /** {@code value} as text that {@link #parse} reads back. */
    public String format(T value) {
        return writer.apply(value);
    }

    /** Whether {@code value} is inside the range (a null value never is). */
    public boolean allowsValue(T value) {
        return value != null && allows.test(value);
    }

    /**
     * What a value must be, for messages: the noun, the range when there is one, the hint:
     * "a duration in 10ms..1h (such as 90s or 3m; a bare number is seconds)".
     */
    public String expected() {
        return noun + (range.isEmpty() ? "" : " in " + range) + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
