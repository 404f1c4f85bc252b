package io.hayloft.client;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads and writes the file name of a {@code Content-Disposition} header (RFC 6266). */
final class ContentDisposition {
    private ContentDisposition() {
    }

    /**
     * The {@code filename*=UTF-8''...} or {@code filename="..."} value of {@code header}, or null
     * when it has none. RFC 6266: the extended form wins when both are present.
     */
    static String fileName(String header) {
        if (header == null) {
            return null;
        }
        String plain = null;
        for (String param : header.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (key.equals("filename*")) {
                int quote = value.indexOf("''");
                if (quote >= 0) {
                    String decoded = URLDecoder.decode(value.substring(quote + 2).replace("+", "%2B"),
                            StandardCharsets.UTF_8);
                    return decoded.isEmpty() ? null : decoded;
                }
            } else if (key.equals("filename")) {
                plain = unquote(value);
            }
        }
        return plain == null || plain.isEmpty() ? null : plain;
    }

    /**
     * A header value naming {@code name}: {@code type; filename="name"}, plus
     * {@code filename*=UTF-8''...} (and an ASCII stand-in as {@code filename}) when the name is not
     * plain ASCII or holds a quote or backslash.
     *
     * @param type {@code inline} or {@code attachment}
     */
    static String format(String type, String name) {
        boolean plain = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        if (plain) {
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
}
