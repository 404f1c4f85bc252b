package io.hayloft.s3.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What SigV4 signs of a request, free of any HTTP library: the method, the path as it came on the
 * wire (still percent-encoded), the decoded query parameters in their order, and the headers.
 *
 * @param method  e.g. {@code GET}
 * @param rawPath the request path as sent, e.g. {@code /bucket/my%20key}
 * @param query   the decoded query parameters (name, value; value empty for {@code ?acl})
 * @param headers header values by lower-case name, each in arrival order
 * @param hostBucket the bucket a virtual-host request names in its host ({@code bucket.s3.example.com}),
 *                   empty for a path-style request (SigV2 signs it in front of the path, SigV4 does not)
 */
public record SignedRequest(String method, String rawPath, List<Map.Entry<String, String>> query,
                            Map<String, List<String>> headers, String hostBucket) {
    public SignedRequest {
        hostBucket = hostBucket == null ? "" : hostBucket;
        query = List.copyOf(query);
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                .addAll(v));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** A path-style request (no bucket in its host). */
    public SignedRequest(String method, String rawPath, List<Map.Entry<String, String>> query,
                         Map<String, List<String>> headers) {
        this(method, rawPath, query, headers, "");
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /** The first value of query parameter {@code name} (exact case), or null. */
    public String param(String name) {
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
