package io.hayloft.api.wire;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding for the parts of a request URL: every byte of the UTF-8 form but the
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX}, so a space is {@code %20}
 * (never {@code +}, which a query decoder may keep literally) and {@code &}, {@code =}, {@code #},
 * {@code %} and {@code ?} cannot break a query apart.
 */
public final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** {@code value} encoded for use as a query parameter name or value. */
    public static String component(String value) {
        return encode(value, false);
    }

    /**
     * {@code path} encoded segment by segment: its {@code /} kept, and {@code , : @}, which a path
     * segment may hold as they are (a fid's comma stays a comma).
     */
    public static String path(String path) {
        return encode(path, true);
    }

    private static String encode(String s, boolean keepSlash) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (unreserved(c) || (keepSlash && (c == '/' || c == ',' || c == ':' || c == '@'))) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
