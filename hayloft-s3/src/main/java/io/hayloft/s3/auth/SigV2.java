package io.hayloft.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of AWS Signature Version 2 (S3's "REST authentication", what older clients and s3cmd's
 * {@code signature_v2} send): the string to sign
 * <pre>
 *   VERB \n Content-MD5 \n Content-Type \n Date (or Expires) \n CanonicalizedAmzHeaders CanonicalizedResource
 * </pre>
 * and its base64 HMAC-SHA1 under the secret key. Stateless; every method is thread-safe.
 */
public final class SigV2 {
    /**
     * The query parameters that are part of the canonical resource: S3's sub-resources and
     * {@code response-*} overrides (AWS's list, with the later sub-resources clients sign too).
     */
    static final Set<String> SUBRESOURCES = Set.of("accelerate", "acl", "analytics", "cors", "delete",
            "encryption", "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification",
            "object-lock", "ownershipControls", "partNumber", "policy", "policyStatus", "publicAccessBlock",
            "replication", "requestPayment", "restore", "retention", "select", "select-type", "storageClass",
            "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires");

    private SigV2() {
    }

    /** Base64 HMAC-SHA1 of the UTF-8 bytes of {@code stringToSign} under {@code secretKey}: a signature. */
    public static String sign(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA1", e);
        }
    }

    /**
     * The string to sign of {@code request}.
     *
     * @param date the third line: the {@code Date} header, empty when the request has {@code x-amz-date}
     *             (AWS ignores Date then), or a presigned URL's {@code Expires}
     */
    public static String stringToSign(SignedRequest request, String date) {
        return stringToSign(request, date, false);
    }

    /**
     * {@link #stringToSign(SignedRequest, String)}, with {@code bucketSlash}: a path-style request for a
     * bucket itself ({@code /bucket}) signed as {@code /bucket/}, as botocore signs it.
     */
    public static String stringToSign(SignedRequest request, String date, boolean bucketSlash) {
        StringBuilder s = new StringBuilder(256).append(request.method()).append('\n')
                .append(strip(request.header("content-md5"))).append('\n')
                .append(strip(request.header("content-type"))).append('\n')
                .append(date).append('\n');
        amzHeaders(request.headers(), s);
        return s.append(canonicalResource(request, bucketSlash)).toString();
    }

    /**
     * {@code x-amz-*} headers, lower-case, sorted, repeated values joined by commas, each
     * {@code name:value\n}.
     */
    private static void amzHeaders(Map<String, List<String>> headers, StringBuilder out) {
        TreeMap<String, String> amz = new TreeMap<>();
        headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-amz-")) {
                amz.merge(n, String.join(",", values.stream().map(SigV2::unfold).toList()), (a, b) -> a + "," + b);
            }
        });
        amz.forEach((n, v) -> out.append(n).append(':').append(v).append('\n'));
    }

    /**
     * {@code /bucket/key} as sent (still percent-encoded; the bucket of a virtual host put in front),
     * then the sub-resources the query names, sorted, decoded: {@code ?acl&versionId=v1}.
     */
    static String canonicalResource(SignedRequest request, boolean bucketSlash) {
        StringBuilder r = new StringBuilder();
        if (!request.hostBucket().isEmpty()) {
            r.append('/').append(request.hostBucket());
        }
        r.append(request.rawPath().isEmpty() ? "/" : request.rawPath());
        if (bucketSlash && bucketOnly(request)) {
            r.append('/');
        }
        TreeMap<String, String> sub = new TreeMap<>();
        for (Map.Entry<String, String> e : request.query()) {
            if (SUBRESOURCES.contains(e.getKey())) {
                sub.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        char sep = '?';
        for (Map.Entry<String, String> e : sub.entrySet()) {
            r.append(sep).append(e.getKey());
            if (!e.getValue().isEmpty()) {
                r.append('=').append(e.getValue());
            }
            sep = '&';
        }
        return r.toString();
    }

    /** A path-style request whose path names a bucket and no key: {@code /bucket}. */
    static boolean bucketOnly(SignedRequest request) {
        String p = request.rawPath();
        return request.hostBucket().isEmpty() && p.length() > 1 && p.indexOf('/', 1) < 0;
    }

    private static String strip(String v) {
        return v == null ? "" : v.strip();
    }

    /** A header value with its line folds and runs of spaces made one space, trimmed. */
    private static String unfold(String v) {
        return v.strip().replaceAll("\\s*\\r?\\n\\s*", " ");
    }
}
