package io.hayloft.cli.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments, SeaweedFS style: {@code -name value} pairs and bare {@code -flag}s (a
 * name followed by another {@code -name} or by nothing is a flag). Immutable.
 */
public final class ShellArgs {
    private final Map<String, String> values;

    private ShellArgs(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses the words after the command name.
     *
     * @throws ShellUsageException for a word that is not an option, or an option given twice
     */
    public static ShellArgs parse(List<String> words) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("-") || w.length() < 2) {
                throw new ShellUsageException("unexpected argument '" + w + "': options are -name value or -flag");
            }
            String name = w.replaceFirst("^--?", "");
            String value = "";
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                value = words.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new ShellUsageException("-" + name + " given twice");
            }
        }
        return new ShellArgs(values);
    }

    /**
     * Refuses any option not in {@code allowed}.
     *
     * @throws ShellUsageException naming the first unknown option
     */
    public ShellArgs allowOnly(Collection<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new ShellUsageException("unknown option -" + name + "; allowed: "
                        + (allowed.isEmpty() ? "none" : "-" + String.join(" -", new ArrayList<>(allowed))));
            }
        }
        return this;
    }

    /** Shorthand for {@link #allowOnly(Collection)}. */
    public ShellArgs allowOnly(String... allowed) {
        return allowOnly(Set.of(allowed));
    }

    /** An option's value, if given with one. */
    public Optional<String> value(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * A required option's value.
     *
     * @throws ShellUsageException when missing
     */
    public String required(String name) {
        return value(name).orElseThrow(() -> new ShellUsageException("-" + name + " is required"));
    }

    /** True when the flag was given (with or without a value other than "false"). */
    public boolean flag(String name) {
        return values.containsKey(name) && !"false".equalsIgnoreCase(values.get(name));
    }
}
