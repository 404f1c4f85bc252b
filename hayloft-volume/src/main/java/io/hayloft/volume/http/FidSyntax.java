package io.hayloft.volume.http;

/**
 * A strict test of a request path that is plainly a fid, for {@link FastReadPath}: anything this does
 * not accept still reaches the router, which parses (or refuses) it as before. Accepted:
 * <pre>
 *   /VID,KEYCOOKIE[_N][.EXT]
 *   /VID/KEYCOOKIE[_N][.EXT][/NAME]
 * </pre>
 * VID 1–10 decimal digits, KEYCOOKIE 9–24 hex digits, N 1–9 digits, EXT and NAME of
 * {@code [A-Za-z0-9._-]} with NAME not starting with a dot. So no percent-escapes, no dot segments,
 * no empty segments: nothing the router would decode or normalise differently. Stateless.
 */
final class FidSyntax {
    private static final int MAX_PATH = 512;

    private FidSyntax() {
    }

    /** True if {@code path} (the raw request path, without the query) is a plain fid path. */
    static boolean isPlainFid(String path) {
        int n = path.length();
        if (n < 4 || n > MAX_PATH || path.charAt(0) != '/') {
            return false;
        }
        int i = 1;
        int start = i;
        while (i < n && isDigit(path.charAt(i))) {
            i++;
        }
        if (i == start || i - start > 10 || i == n) {
            return false;
        }
        char separator = path.charAt(i++);
        if (separator != ',' && separator != '/') {
            return false;
        }
        start = i;
        while (i < n && Character.digit(path.charAt(i), 16) >= 0) {
            i++;
        }
        if (i - start < 9 || i - start > 24) {
            return false;
        }
        if (i < n && path.charAt(i) == '_') {
            start = ++i;
            while (i < n && isDigit(path.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i < n && path.charAt(i) == '.') {
            start = ++i;
            while (i < n && isNameChar(path.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        if (separator != '/' || path.charAt(i) != '/') {
            return false;
        }
        i++;
        if (i == n || path.charAt(i) == '.') {
            return false;
        }
        while (i < n && isNameChar(path.charAt(i))) {
            i++;
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '.' || c == '_' || c == '-';
    }
}
