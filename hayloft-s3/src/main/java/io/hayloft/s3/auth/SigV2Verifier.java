package io.hayloft.s3.auth;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Verifies AWS Signature Version 2, for clients that still send it:
 * <ul>
 *   <li>header auth: {@code Authorization: AWS <access key>:<base64 signature>}, dated by
 *       {@code x-amz-date} or else {@code Date} (RFC 1123), within {@value SigV4Verifier#SKEW_MINUTES}
 *       minutes of the server's clock;</li>
 *   <li>presigned URLs: {@code AWSAccessKeyId}, {@code Expires} (seconds since the epoch, refused once
 *       past) and {@code Signature}.</li>
 * </ul>
 * The signature covers no body: a V2 request's body is unsigned ({@code Content-MD5}, when sent, is
 * checked as the body streams). Thread-safe (reads the identities afresh on every call). Fails with
 * {@link S3Exception}: {@code InvalidArgument} (a malformed header), {@code AccessDenied} (no usable date,
 * an expired URL), {@code RequestTimeTooSkewed}, {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch}
 * (carrying the {@code StringToSign} the server computed).
 */
public final class SigV2Verifier {
    /** The prefix of a V2 {@code Authorization} header. */
    public static final String SCHEME = "AWS ";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Supplier<Identities> identities;
    private final Clock clock;

    /**
     * @param identities the current identities (called once per request)
     * @param clock      what "now" is for skew and expiry
     */
    public SigV2Verifier(Supplier<Identities> identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
    }

    /** Whether {@code request} carries a V2 signature (header or query) for this verifier. */
    public static boolean signs(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            return authorization.strip().startsWith(SCHEME);
        }
        return request.param("AWSAccessKeyId") != null || (request.param("Signature") != null
                && request.param("X-Amz-Signature") == null);
    }

    /**
     * Verifies a request {@link #signs} says is V2-signed.
     *
     * @return who signed it (the payload unsigned)
     * @throws S3Exception when it is not validly signed by a known key
     */
    public Authentication verify(SignedRequest request) {
        String authorization = request.header("authorization");
        return authorization != null ? verifyHeader(request, authorization.strip()) : verifyPresigned(request);
    }

    private Authentication verifyHeader(SignedRequest request, String authorization) {
        String credentials = authorization.substring(SCHEME.length()).strip();
        int colon = credentials.lastIndexOf(':');
        if (colon <= 0 || colon == credentials.length() - 1) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "AWS authorization header is invalid. Expected"
                    + " AwsAccessKeyId:signature");
        }
        String accessKey = credentials.substring(0, colon);
        String signature = credentials.substring(colon + 1);
        String amzDate = request.header("x-amz-date");
        Instant when = amzDate != null ? parseDate(amzDate) : request.header("date") != null
                ? parseDate(request.header("date")) : null;
        if (when == null) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date"
                    + " header");
        }
        Instant now = clock.instant();
        if (Duration.between(when, now).abs().compareTo(Duration.ofMinutes(SigV4Verifier.SKEW_MINUTES)) > 0) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("RequestTime", amzDate != null ? amzDate : request.header("date"));
            details.put("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now));
            details.put("MaxAllowedSkewMilliseconds", Long.toString(SigV4Verifier.SKEW_MINUTES * 60_000));
            throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED,
                    "The difference between the request time and the current time is too large.", details, null);
        }
        Identities.Match match = find(accessKey);
        // with x-amz-date, AWS signs an empty Date line; clients that sign the Date header anyway pass too
        String first = amzDate != null ? "" : request.header("date").strip();
        String second = amzDate != null && request.header("date") != null ? request.header("date").strip() : null;
        check(request, match, accessKey, signature, first, second);
        return new Authentication(match.identity(), accessKey, Authentication.UNSIGNED_PAYLOAD, null);
    }

    private Authentication verifyPresigned(SignedRequest request) {
        String accessKey = request.param("AWSAccessKeyId");
        String expires = request.param("Expires");
        String signature = request.param("Signature");
        if (accessKey == null || expires == null || signature == null) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Query-string authentication requires the Signature,"
                    + " Expires and AWSAccessKeyId parameters");
        }
        long at;
        try {
            at = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Expires must be seconds since the epoch, got '"
                    + expires + "'");
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() > at) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("Expires", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(
                    Math.max(at, Instant.MIN.getEpochSecond()))));
            details.put("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now));
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request has expired", details, null);
        }
        Identities.Match match = find(accessKey);
        check(request, match, accessKey, signature, expires.strip(), null);
        return new Authentication(match.identity(), accessKey, Authentication.UNSIGNED_PAYLOAD, null);
    }

    private Identities.Match find(String accessKey) {
        return identities.get().find(accessKey).orElseThrow(() -> new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID,
                "The AWS Access Key Id you provided does not exist in our records.",
                Map.of("AWSAccessKeyId", accessKey), null));
    }

    /**
     * Compares {@code signature} in constant time with the request's signed with {@code date} as its date
     * line, or else with {@code otherDate} (when not null); a request for a bucket itself also as
     * {@code /bucket/} (botocore's form).
     */
    private static void check(SignedRequest request, Identities.Match match, String accessKey, String signature,
                              String date, String otherDate) {
        String secret = match.credential().secretKey();
        String stringToSign = SigV2.stringToSign(request, date);
        for (String d : otherDate == null ? new String[] {date} : new String[] {date, otherDate}) {
            for (boolean slash : SigV2.bucketOnly(request) ? new boolean[] {false, true} : new boolean[] {false}) {
                if (same(SigV2.sign(secret, SigV2.stringToSign(request, d, slash)), signature)) {
                    return;
                }
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("AWSAccessKeyId", accessKey);
        details.put("StringToSign", stringToSign);
        details.put("SignatureProvided", signature);
        throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not"
                + " match the signature you provided. Check your key and signing method.", details, null);
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * An RFC 1123 date (its day name not checked against the date) or {@code yyyyMMdd'T'HHmmss'Z'}, or null
     * when it is neither or lies before the epoch (S3 refuses those as no date at all).
     */
    private static Instant parseDate(String value) {
        String v = value.strip();
        int comma = v.indexOf(',');
        if (comma >= 0 && comma <= 9) {
            v = v.substring(comma + 1).strip();
        }
        Instant t;
        try {
            t = HTTP_DATE.parse(v, Instant::from);
        } catch (DateTimeParseException e) {
            try {
                t = SigV4.AMZ_DATE.parse(v, Instant::from);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return t.isBefore(Instant.EPOCH) ? null : t;
    }
}
