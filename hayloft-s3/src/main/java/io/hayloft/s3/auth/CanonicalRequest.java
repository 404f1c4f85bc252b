package io.hayloft.s3.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * SigV4's canonical request of a {@link SignedRequest}:
 * <pre>
 *   METHOD \n
 *   canonical URI      (the decoded path re-encoded, '/' kept; S3 does not encode twice) \n
 *   canonical query    (name=value pairs URI-encoded, sorted by name then value; X-Amz-Signature left out) \n
 *   canonical headers  (each signed header "name:value\n", values trimmed, inner spaces collapsed,
 *                       repeated headers joined by ',') \n
 *   signed headers     (lower-case names joined by ';') \n
 *   payload hash       (x-amz-content-sha256, UNSIGNED-PAYLOAD, or a STREAMING-* marker)
 * </pre>
 * Stateless.
 */
public final class CanonicalRequest {
    private CanonicalRequest() {
    }

    /**
     * The canonical request.
     *
     * @param signedHeaders lower-case header names, as the signature lists them
     * @param payloadHash   the last line
     * @throws io.hayloft.s3.error.S3Exception InvalidArgument when the path has a malformed escape
     */
    public static String of(SignedRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(SigV4.uriEncode(QueryString.decode(request.rawPath()), true)).append('\n');
        out.append(canonicalQuery(request.query())).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(headerValue(request.headers().get(name))).append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /** The sorted, encoded query without {@code X-Amz-Signature}. */
    static String canonicalQuery(List<Map.Entry<String, String>> query) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : query) {
            if (!e.getKey().equals("X-Amz-Signature")) {
                pairs.add(new String[] {SigV4.uriEncode(e.getKey(), false), SigV4.uriEncode(e.getValue(), false)});
            }
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    private static String headerValue(List<String> values) {
        if (values == null) {
            return "";
        }
        if (values.size() == 1) {
            return collapse(values.get(0));
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (String v : values) {
            trimmed.add(collapse(v));
        }
        return String.join(",", trimmed);
    }

    /** {@code value} stripped, each run of inner white space made one space (the regex {@code \\s+}'s white space). */
    static String collapse(String value) {
        String v = value.strip();
        int i = 0;
        while (i < v.length() && !(isSpace(v.charAt(i)) && (v.charAt(i) != ' ' || isSpace(v.charAt(i + 1))))) {
            i++;
        }
        if (i == v.length()) {
            return v; // no run to collapse: the common case, no copy
        }
        StringBuilder out = new StringBuilder(v.length()).append(v, 0, i);
        boolean space = false;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (isSpace(c)) {
                space = true;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** SigV4's string to sign for a request made at {@code amzDate} in {@code scope}. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + SigV4.sha256Hex(canonicalRequest);
    }
}
