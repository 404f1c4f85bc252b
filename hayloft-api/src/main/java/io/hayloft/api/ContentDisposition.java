package io.hayloft.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads and writes the {@code Content-Disposition} header that carries a needle's file name
 * (RFC 6266): {@code inline; filename="a.txt"}, and {@code filename*=UTF-8''...} for names that
 * are not plain ASCII. {@link #param} reads any {@code ;}-separated header parameter (the same
 * grammar serves {@code Content-Type: multipart/form-data; boundary=...}). Stateless.
 */
public final class ContentDisposition {
    private ContentDisposition() {
    }

    /**
     * The file name in a {@code Content-Disposition} value; {@code filename*} wins over {@code filename}.
     *
     * @return the name, or empty when the header is null or names no file
     */
    public static Optional<String> fileName(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String plain = null;
        for (String part : splitParams(header)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            if (key.equals("filename*")) {
                int quote = value.indexOf("''");
                if (quote >= 0) {
                    String decoded = URLDecoder.decode(value.substring(quote + 2).replace("+", "%2B"),
                            StandardCharsets.UTF_8);
                    if (!decoded.isEmpty()) {
                        return Optional.of(decoded);
                    }
                }
            } else if (key.equals("filename")) {
                plain = unquote(value);
            }
        }
        return plain == null || plain.isEmpty() ? Optional.empty() : Optional.of(plain);
    }

    /**
     * The value of parameter {@code name} (e.g. {@code name} of {@code form-data; name="file"}),
     * unquoted; matched case-insensitively.
     *
     * @return the value, or empty when the header is null or lacks the parameter
     */
    public static Optional<String> param(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : splitParams(header)) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return Optional.of(unquote(part.substring(eq + 1).trim()));
            }
        }
        return Optional.empty();
    }

    /**
     * A header value naming {@code name}.
     *
     * @param type {@code inline} or {@code attachment}
     */
    public static String format(String type, String name) {
        if (plainQuotable(name)) {
            return type + "; filename=\"" + name + "\"";
        }
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    /** Splits on semicolons outside double quotes. */
    private static java.util.List<String> splitParams(String header) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"' && (i == 0 || header.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /** True when {@code name} can stand inside a quoted string as it is: printable ASCII, no quote or backslash. */
    private static boolean plainQuotable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
