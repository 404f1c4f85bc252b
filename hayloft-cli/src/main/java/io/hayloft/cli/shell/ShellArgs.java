package io.hayloft.cli.shell;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A command's arguments, SeaweedFS style: {@code -name value} pairs and bare {@code -flag}s (a
 * name followed by another {@code -name} or by nothing is a flag), and for the {@code fs.*}
 * commands operands (paths) as well. Immutable.
 */
public final class ShellArgs {
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:/]+:\\d{1,5}");

    private final Map<String, String> values;
    private final List<String> operands;

    private ShellArgs(Map<String, String> values, List<String> operands) {
        this.values = values;
        this.operands = List.copyOf(operands);
    }

    /**
     * Parses the words after the command name.
     *
     * @throws ShellUsageException for a word that is not an option, or an option given twice
     */
    public static ShellArgs parse(List<String> words) {
        return parse(words, Set.of(), false);
    }

    /**
     * Parses the words after the name of a command that takes operands ({@code fs.ls -l a b}): the
     * names in {@code flags} never take a value, a word that is not an option nor an option's value
     * is an operand, and every word after {@code --} is an operand.
     *
     * @throws ShellUsageException for an option given twice
     */
    public static ShellArgs parseWithOperands(List<String> words, Set<String> flags) {
        return parse(words, flags, true);
    }

    private static ShellArgs parse(List<String> words, Set<String> flags, boolean takesOperands) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (takesOperands && w.equals("--")) {
                operands.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (!w.startsWith("-") || w.length() < 2) {
                if (!takesOperands) {
                    throw new ShellUsageException(
                            "unexpected argument '" + w + "': options are -name value or -flag");
                }
                operands.add(w);
                continue;
            }
            String name = w.replaceFirst("^--?", "");
            String value = "";
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (!flags.contains(name) && i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                value = words.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new ShellUsageException("-" + name + " given twice");
            }
        }
        return new ShellArgs(values, operands);
    }

    /** The operands in the order given (always empty for {@link #parse}). */
    public List<String> operands() {
        return operands;
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

    /**
     * An option naming a volume, if given.
     *
     * @throws ShellUsageException when it is not a volume id (1..2^32-1)
     */
    public Optional<VolumeId> volumeId(String name) {
        return value(name).map(v -> {
            try {
                return VolumeId.parse(v);
            } catch (HayloftException e) {
                throw new ShellUsageException("-" + name + ": " + e.getMessage());
            }
        });
    }

    /**
     * A required option naming a volume.
     *
     * @throws ShellUsageException when missing or not a volume id
     */
    public VolumeId requiredVolumeId(String name) {
        return volumeId(name).orElseThrow(() -> new ShellUsageException("-" + name + " is required"));
    }

    /**
     * An option naming a server as {@code host:port}, if given.
     *
     * @throws ShellUsageException when it is not {@code host:port}
     */
    public Optional<String> hostPort(String name) {
        return value(name).map(v -> {
            if (!HOST_PORT.matcher(v).matches() || Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)) > 65535) {
                throw new ShellUsageException("-" + name + " must be host:port, got '" + v + "'");
            }
            return v;
        });
    }

    /**
     * A required option naming a server as {@code host:port}.
     *
     * @throws ShellUsageException when missing or not {@code host:port}
     */
    public String requiredHostPort(String name) {
        return hostPort(name).orElseThrow(() -> new ShellUsageException("-" + name + " is required"));
    }
}
