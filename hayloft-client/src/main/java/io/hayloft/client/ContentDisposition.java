package io.hayloft.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the file name out of a {@code Content-Disposition} header. */
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

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
