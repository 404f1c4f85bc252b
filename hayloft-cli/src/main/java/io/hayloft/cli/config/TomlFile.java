package io.hayloft.cli.config;

import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subset of TOML a Hayloft configuration needs, read into sections of flat keys:
 * <pre>
 *   # a comment
 *   [volume]                      a section, named after a command
 *   port = 8080                   integer
 *   dir = ["./d1", "./d2"]        array of strings or numbers (becomes "./d1,./d2")
 *   mserver = "m1:9333"           basic string with \" \\ \n \t escapes, or 'literal string'
 *   fsync = true                  boolean
 *   master.port = 9333            a dotted key is kept whole ("master.port"), as the flag is named
 * </pre>
 * Keys before any section header belong to the section {@code ""}. Not supported (rejected with the
 * line number): multi-line strings, inline tables, arrays of tables, dates.
 *
 * @param sections section name to its keys, in file order; values already rendered as flag text
 * @param lines    section name to the line (1-based) each key is set on
 * @param origin   what the text was read from (the file's path), for messages
 */
public record TomlFile(Map<String, Map<String, String>> sections, Map<String, Map<String, Integer>> lines,
                       String origin) {

    /**
     * Where {@code key} of {@code section} is set, {@code origin:line}, for messages such as
     * {@code cluster.toml:7: max: must be a whole number in 0..100000, got '200000'}; just the origin
     * when the key is not in the file.
     */
    public String where(String section, String key) {
        Integer line = lines.getOrDefault(section, Map.of()).get(key);
        return line == null ? origin : origin + ":" + line;
    }

    /** The value of {@code key} in {@code section}, if set. */
    public Optional<String> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /**
     * Reads a file.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the line for anything outside the subset
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TomlFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses TOML text; {@code origin} names it in error messages. */
    public static TomlFile parse(String text, String origin) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> lineOf = new LinkedHashMap<>();
        String section = "";
        sections.put(section, new LinkedHashMap<>());
        lineOf.put(section, new LinkedHashMap<>());
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String where = origin + ":" + (n + 1);
            String line = stripComment(lines[n], where).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                HayloftException.checkArgument(!line.startsWith("[[") && line.endsWith("]") && line.length() > 2,
                        where + ": expected a section header such as [volume]");
                section = line.substring(1, line.length() - 1).trim();
                HayloftException.checkArgument(section.matches("[A-Za-z0-9_.-]+"), where + ": bad section name");
                HayloftException.checkArgument(!sections.containsKey(section), where + ": section [" + section
                        + "] appears twice");
                sections.put(section, new LinkedHashMap<>());
                lineOf.put(section, new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            HayloftException.checkArgument(eq > 0, where + ": expected key = value");
            String key = unquoteKey(line.substring(0, eq).trim(), where);
            String value = value(line.substring(eq + 1).trim(), where);
            HayloftException.checkArgument(sections.get(section).put(key, value) == null,
                    where + ": key '" + key + "' set twice");
            lineOf.get(section).put(key, n + 1);
        }
        return new TomlFile(sections, lineOf, origin);
    }

    private static String unquoteKey(String key, String where) {
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            return key.substring(1, key.length() - 1);
        }
        HayloftException.checkArgument(key.matches("[A-Za-z0-9_.-]+"), where + ": bad key '" + key + "'");
        return key;
    }

    private static String value(String v, String where) {
        HayloftException.checkArgument(!v.isEmpty(), where + ": missing value");
        if (v.startsWith("[")) {
            HayloftException.checkArgument(v.endsWith("]"), where + ": arrays must close on the same line");
            List<String> items = new ArrayList<>();
            for (String item : splitArray(v.substring(1, v.length() - 1), where)) {
                items.add(scalar(item.trim(), where));
            }
            return String.join(",", items);
        }
        return scalar(v, where);
    }

    private static String scalar(String v, String where) {
        if (v.startsWith("\"\"\"") || v.startsWith("'''")) {
            throw HayloftException.badRequest(where + ": multi-line strings are not supported");
        }
        if (v.startsWith("\"")) {
            HayloftException.checkArgument(v.length() >= 2 && v.endsWith("\""), where + ": unterminated string");
            return unescape(v.substring(1, v.length() - 1), where);
        }
        if (v.startsWith("'")) {
            HayloftException.checkArgument(v.length() >= 2 && v.endsWith("'"), where + ": unterminated string");
            return v.substring(1, v.length() - 1);
        }
        HayloftException.checkArgument(v.equals("true") || v.equals("false") || v.matches("[+-]?[0-9][0-9_]*(\\.[0-9]+)?"),
                where + ": unsupported value '" + v + "' (use a string, number, boolean or array)");
        return v.replace("_", "");
    }

    private static String unescape(String s, String where) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                HayloftException.checkArgument(c != '"', where + ": unescaped quote in string");
                out.append(c);
                continue;
            }
            HayloftException.checkArgument(i + 1 < s.length(), where + ": dangling backslash");
            char e = s.charAt(++i);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> throw HayloftException.badRequest(where + ": unsupported escape \\" + e);
            }
        }
        return out.toString();
    }

    /** Splits array items on commas outside strings; a trailing comma is allowed. */
    private static List<String> splitArray(String body, String where) {
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < body.length()) {
                    cur.append(c).append(body.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                items.add(cur.toString());
                cur.setLength(0);
                continue;
            } else if (c == '[' || c == '{') {
                throw HayloftException.badRequest(where + ": nested arrays and inline tables are not supported");
            }
            cur.append(c);
        }
        HayloftException.checkArgument(quote == 0, where + ": unterminated string in array");
        if (!cur.toString().isBlank()) {
            items.add(cur.toString());
        }
        return items;
    }

    private static String stripComment(String line, String where) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
