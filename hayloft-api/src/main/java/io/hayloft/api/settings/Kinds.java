package io.hayloft.api.settings;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The kinds of setting values: counts, ports, ratios, durations, byte sizes, text, paths, lists. */
public final class Kinds {
    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;

    private static final Pattern COUNT = Pattern.compile("[+]?\\d{1,18}");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kib|mib|gib|tib)?", Pattern.CASE_INSENSITIVE);

    private Kinds() {
    }

    /** A whole number in {@code min..max}. */
    public static Kind<Integer> count(int min, int max) {
        return new Kind<>("a whole number", "", "count", "N", min + ".." + max, t -> (int) parseLong(t, "a whole number"),
                String::valueOf, v -> v >= min && v <= max, false, false);
    }

    /** A TCP port, 0 (any free port) to 65535. */
    public static Kind<Integer> port() {
        return new Kind<>("a port", "0 picks a free one", "port", "PORT", "0..65535",
                t -> (int) parseLong(t, "a port"), String::valueOf, v -> v >= 0 && v <= 65535, false, false);
    }

    /** A ratio such as {@code 0.3}, in {@code min..max}. */
    public static Kind<Double> ratio(double min, double max) {
        return new Kind<>("a ratio", "such as 0.3", "ratio", "RATIO", min + ".." + max, t -> {
            try {
                double d = Double.parseDouble(t);
                if (Double.isNaN(d) || Double.isInfinite(d) || !t.matches("[0-9.eE+-]+")) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
        }, String::valueOf, v -> v >= min && v <= max, false, false);
    }

    /**
     * A duration such as {@code 90s}, {@code 3m}, {@code 1h30m} (units ms, s, m, h, d) in {@code min..max};
     * with a {@code bare} unit, a plain number counts in it ({@code -pulseSeconds 5}).
     *
     * @param bare the unit of a plain number ({@code Duration.ofSeconds(1)}: seconds), or null when a
     *             unit is required
     */
    public static Kind<Duration> duration(Duration bare, Duration min, Duration max) {
        String hint = "such as 90s, 3m or 1h" + (bare == null ? "" : "; a bare number is " + unitName(bare));
        return new Kind<>("a duration", hint, "duration", "DURATION", formatDuration(min) + ".." + formatDuration(max),
                t -> parseDuration(t, bare), Kinds::formatDuration,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, false, false);
    }

    /**
     * A byte size such as {@code 512MiB} or {@code 30GiB} (units B, KiB, MiB, GiB, TiB) in {@code min..max}
     * bytes; a plain number counts in {@code bare} bytes ({@code -volumeSizeLimitMB 30000}).
     */
    public static Kind<Long> bytes(long bare, long min, long max) {
        return bytes("a size", "size", "SIZE", bare, min, max);
    }

    /** A rate in bytes per second, written like {@link #bytes} ({@code 64MiB} a second). */
    public static Kind<Long> bytesPerSecond(long bare, long min, long max) {
        return bytes("a rate in bytes a second", "bytes/s", "RATE", bare, min, max);
    }

    private static Kind<Long> bytes(String noun, String unit, String label, long bare, long min, long max) {
        String bareUnit = formatBytes(bare);
        String hint = "such as 512MiB or 30GiB; a bare number is "
                + (bareUnit.matches("1[A-Za-z]+") ? bareUnit.substring(1) : bareUnit);
        return new Kind<>(noun, hint, unit, label, formatBytes(min) + ".." + formatBytes(max),
                t -> parseBytes(t, bare), Kinds::formatBytes, v -> v >= min && v <= max, false, false);
    }

    /** Free text (a host name, a URL, a name); {@code label} is its help label. */
    public static Kind<String> text(String label) {
        return new Kind<>("text", "", "text", label, "", t -> t, t -> t, t -> true, false, false);
    }

    /** A directory's path. */
    public static Kind<Path> path() {
        return path("DIR");
    }

    /** A file system path; {@code label} is its help label ({@code DIR}, {@code FILE}). */
    public static Kind<Path> path(String label) {
        return new Kind<>("a path", "", "path", label, "", t -> {
            try {
                return Path.of(t);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }, Path::toString, p -> !p.toString().isEmpty(), false, false);
    }

    /** {@code true} or {@code false}; the flag alone means true. */
    public static Kind<Boolean> flag() {
        return new Kind<>("true or false", "", "boolean", "BOOL", "", t -> switch (t.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        }, String::valueOf, b -> true, false, true);
    }

    /** One of an enum's constants, written in lower case (any case is read). */
    public static <E extends Enum<E>> Kind<E> oneOf(Class<E> type) {
        E[] values = type.getEnumConstants();
        String names = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new Kind<>("one of " + names, "", "choice", "KIND", "", t -> {
            for (E v : values) {
                if (v.name().equalsIgnoreCase(t)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("not one of " + names);
        }, v -> v.name().toLowerCase(Locale.ROOT), v -> true, false, false);
    }

    /** A replica placement such as {@code 001} (data centers, racks, servers). */
    public static Kind<ReplicaPlacement> placement() {
        return new Kind<>("a replica placement", "xyz: other data centers, racks, servers; such as 001", "placement",
                "XYZ", "", t -> {
                    try {
                        return ReplicaPlacement.parse(t);
                    } catch (HayloftException e) {
                        throw new IllegalArgumentException(e.getMessage());
                    }
                }, ReplicaPlacement::toString, p -> true, false, false);
    }

    /** A TTL such as {@code 3d} (units m, h, d, w, M, y); empty text is no TTL. */
    public static Kind<Ttl> ttl() {
        return new Kind<>("a TTL", "a count and a unit m, h, d, w, M or y, such as 3d; empty: none", "ttl", "TTL", "",
                t -> {
                    try {
                        return Ttl.parse(t);
                    } catch (HayloftException e) {
                        throw new IllegalArgumentException(e.getMessage());
                    }
                }, Ttl::toString, v -> true, false, false);
    }

    /** A comma separated list of {@code element}s, each inside its range; empty text is the empty list. */
    public static <E> Kind<List<E>> listOf(Kind<E> element) {
        return new Kind<>("a comma separated list of " + plural(element.noun()), element.hint(), "list of "
                + element.unit(), element.label(), element.range(), t -> {
                    List<E> out = new ArrayList<>();
                    if (t.isBlank()) {
                        return out;
                    }
                    for (String item : t.split(",", -1)) {
                        if (item.isBlank()) {
                            throw new IllegalArgumentException("empty item in the list");
                        }
                        out.add(element.parse(item));
                    }
                    return List.copyOf(out);
                }, l -> l.stream().map(element::format).collect(Collectors.joining(",")),
                l -> l.stream().allMatch(element::allowsValue), true, false);
    }

    private static String plural(String noun) {
        String bare = noun.replaceFirst("^(a|an) ", "");
        return bare.endsWith("s") ? bare : bare + "s";
    }

    private static long parseLong(String text, String what) {
        if (!COUNT.matcher(text).matches()) {
            throw new IllegalArgumentException("not " + what);
        }
        return Long.parseLong(text);
    }

    /** Reads {@code 90s}, {@code 1h30m}; a plain number counts in {@code bare} (required when null). */
    static Duration parseDuration(String text, Duration bare) {
        if (bare != null && COUNT.matcher(text).matches()) {
            try {
                return bare.multipliedBy(Long.parseLong(text));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("too large");
            }
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("not a duration");
        }
        return total;
    }

    /** {@code d} in its largest whole unit: {@code 5s}, {@code 15m}, {@code 1d}, {@code 300ms}, {@code 0s}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        throw new AssertionError();
    }

    private static String unitName(Duration bare) {
        return switch (formatDuration(bare)) {
            case "1s" -> "seconds";
            case "1m" -> "minutes";
            case "1h" -> "hours";
            case "1ms" -> "milliseconds";
            default -> "× " + formatDuration(bare);
        };
    }

    /** Reads {@code 512MiB}, {@code 30GiB}, {@code 7B}; a plain number counts in {@code bare} bytes. */
    static long parseBytes(String text, long bare) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "" -> bare;
            case "b" -> 1;
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            default -> TIB;
        };
        try {
            return Math.multiplyExact(n, scale);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too large");
        }
    }

    /** {@code bytes} in its largest whole binary unit: {@code 30000MiB}, {@code 32GiB}, {@code 100B}. */
    public static String formatBytes(long bytes) {
        if (bytes == 0) {
            return "0B";
        }
        long[] sizes = {TIB, GIB, MIB, KIB, 1};
        String[] units = {"TiB", "GiB", "MiB", "KiB", "B"};
        for (int i = 0; i < sizes.length; i++) {
            if (bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        throw new AssertionError();
    }
}
