package io.hayloft.s3.auth;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Verifies AWS Signature Version 4 the way S3 does, for both forms (and hands a request signed with
 * version 2, {@code Authorization: AWS ...} or {@code AWSAccessKeyId=...&Signature=...}, to
 * {@link SigV2Verifier}):
 * <ul>
 *   <li>header auth: {@code Authorization: AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request,
 *       SignedHeaders=host;x-amz-date, Signature=hex}, with {@code X-Amz-Date} (or {@code Date}) within
 *       {@value #SKEW_MINUTES} minutes of the server's clock and {@code x-amz-content-sha256};</li>
 *   <li>presigned URLs: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
 *       {@code X-Amz-Expires} (1 s to 7 days), {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature};
 *       refused once {@code X-Amz-Date + X-Amz-Expires} is past.</li>
 * </ul>
 * A request with neither is anonymous: it gets the {@code anonymous} identity when the config has one,
 * else {@link Identity#nobody()}, who may do only what ACLs and bucket policies allow everyone. The region of the scope is taken as the client gives it (a gateway has
 * no region); the service must be {@code s3}.
 *
 * <p>Thread-safe (reads the identities afresh on every call, so they can be swapped). Fails with
 * {@link S3Exception}: {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch} (carrying the
 * {@code StringToSign} and {@code CanonicalRequest} the server computed), {@code AccessDenied},
 * {@code RequestTimeTooSkewed}, {@code AuthorizationHeaderMalformed},
 * {@code AuthorizationQueryParametersError}.
 */
public final class SigV4Verifier {
    /** How far a header-signed request's date may be from the server's clock. */
    public static final long SKEW_MINUTES = 15;
    /** The longest validity of a presigned URL: 7 days. */
    public static final long MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Supplier<Identities> identities;
    private final Clock clock;
    private final SigV2Verifier v2;
    private final SigningKeys signingKeys = new SigningKeys();

    /**
     * @param identities the current identities (called once per request)
     * @param clock      what "now" is for skew and expiry
     */
    public SigV4Verifier(Supplier<Identities> identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
        this.v2 = new SigV2Verifier(identities, clock);
    }

    /**
     * Verifies {@code request}'s signature (not its body: a signed payload hash is checked while the
     * body streams).
     *
     * @return who signed it and what it says of the body
     * @throws S3Exception when it is not validly signed by a known key
     */
    public Authentication verify(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.strip().startsWith(SigV2Verifier.SCHEME)) {
            return v2.verify(request);
        }
        if (authorization != null) {
            return verifyHeader(request, authorization);
        }
        if (request.param("X-Amz-Algorithm") != null || request.param("X-Amz-Signature") != null
                || request.param("X-Amz-Credential") != null) {
            return verifyPresigned(request);
        }
        if (SigV2Verifier.signs(request)) {
            return v2.verify(request);
        }
        Identity anonymous = identities.get().anonymous().orElseGet(Identity::nobody);
        return new Authentication(anonymous, "", Authentication.UNSIGNED_PAYLOAD, null);
    }

    /**
     * Verifies the signature of a browser POST upload's form, whose signed string is its {@code policy} field:
     * signature version 4 ({@code x-amz-algorithm}, {@code x-amz-credential}, {@code x-amz-signature}: hex
     * HMAC-SHA256 with the day's signing key) or 2 ({@code AWSAccessKeyId}, {@code signature}: base64
     * HMAC-SHA1 with the secret key). A form with neither is anonymous, as {@link #verify} makes it.
     *
     * @param fields the form's fields by lower-case name
     * @throws S3Exception InvalidArgument for a signature without a policy or a key without a signature,
     *                     InvalidAccessKeyId, SignatureDoesNotMatch
     */
    public Authentication verifyPostForm(Map<String, String> fields) {
        String policy = fields.get("policy");
        boolean v4 = fields.containsKey("x-amz-credential") || fields.containsKey("x-amz-algorithm");
        String accessKey = fields.get("awsaccesskeyid");
        if (!v4 && accessKey == null) {
            Identity anonymous = identities.get().anonymous().orElseGet(Identity::nobody);
            return new Authentication(anonymous, "", Authentication.UNSIGNED_PAYLOAD, null);
        }
        String signature = fields.get(v4 ? "x-amz-signature" : "signature");
        S3Exception.check(policy != null && signature != null, S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain"
                + " a field named 'policy' and a signature with " + (v4 ? "x-amz-credential" : "AWSAccessKeyId"));
        String expected;
        Identities.Match match;
        if (v4) {
            S3Exception.check(SigV4.ALGORITHM.equals(fields.get("x-amz-algorithm")), S3ErrorCode.INVALID_ARGUMENT,
                    "x-amz-algorithm must be " + SigV4.ALGORITHM);
            Scope scope = Scope.parse(fields.getOrDefault("x-amz-credential", ""), S3ErrorCode.INVALID_ARGUMENT);
            match = identities.get().find(scope.accessKey()).orElseThrow(() -> unknownKey(scope));
            expected = SigV4.sign(SigV4.signingKey(match.credential().secretKey(), scope.date(), scope.region(),
                    scope.service()), policy);
        } else {
            match = identities.get().find(accessKey).orElseThrow(() -> new S3Exception(
                    S3ErrorCode.INVALID_ACCESS_KEY_ID, "The AWS Access Key Id you provided does not exist in our records."));
            expected = SigV2.sign(match.credential().secretKey(), policy);
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not"
                    + " match the signature you provided. Check your key and signing method.");
        }
        return new Authentication(match.identity(), match.credential().accessKey(), Authentication.UNSIGNED_PAYLOAD, null);
    }

    /** The parts of a credential: {@code AK/yyyyMMdd/region/s3/aws4_request}. */
    private record Scope(String accessKey, String date, String region, String service) {
        String value() {
            return date + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
        }

        static Scope parse(String credential, S3ErrorCode malformed) {
            String[] p = credential.split("/", -1);
            if (p.length != 5 || p[0].isEmpty() || p[1].length() != 8 || !p[1].chars().allMatch(Character::isDigit)
                    || p[2].isEmpty() || !p[4].equals(SigV4.TERMINATOR)) {
                throw new S3Exception(malformed, "the credential '" + credential
                        + "' is not of the form <access key>/<yyyyMMdd>/<region>/s3/aws4_request");
            }
            if (!p[3].equals("s3")) {
                throw new S3Exception(malformed, "the credential's service is '" + p[3] + "', expected 's3'");
            }
            return new Scope(p[0], p[1], p[2], p[3]);
        }
    }

    private Authentication verifyHeader(SignedRequest request, String authorization) {
        S3ErrorCode malformed = S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED;
        String value = authorization.strip();
        if (!value.startsWith(SigV4.ALGORITHM + " ")) {
            throw new S3Exception(malformed, "the Authorization header does not start with " + SigV4.ALGORITHM);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : value.substring(SigV4.ALGORITHM.length()).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new S3Exception(malformed, "malformed Authorization field '" + p + "'");
            }
            fields.put(p.substring(0, eq), p.substring(eq + 1));
        }
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw new S3Exception(malformed, "the Authorization header needs Credential, SignedHeaders and Signature");
        }
        Scope scope = Scope.parse(credential, malformed);
        Identities.Match match = identities.get().find(scope.accessKey()).orElseThrow(() -> unknownKey(scope));
        String amzDate = request.header("x-amz-date");
        Instant when;
        if (amzDate != null) {
            when = parseAmzDate(amzDate, malformed);
        } else if (request.header("date") != null) {
            try {
                when = HTTP_DATE.parse(request.header("date").strip(), Instant::from);
            } catch (DateTimeParseException e) {
                throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "the Date header is not an HTTP date");
            }
            amzDate = SigV4.amzDate(when);
        } else {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
        }
        if (!amzDate.startsWith(scope.date())) {
            throw new S3Exception(malformed, "the credential's date " + scope.date()
                    + " is not the request's date " + amzDate.substring(0, Math.min(8, amzDate.length())));
        }
        Instant now = clock.instant();
        if (Duration.between(when, now).abs().compareTo(Duration.ofMinutes(SKEW_MINUTES)) > 0) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("RequestTime", amzDate);
            details.put("ServerTime", SigV4.amzDate(now));
            details.put("MaxAllowedSkewMilliseconds", Long.toString(SKEW_MINUTES * 60_000));
            throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED,
                    "The difference between the request time and the current time is too large.", details, null);
        }
        List<String> headers = signedHeaderList(signedHeaders, malformed);
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        payloadHash = payloadHash.strip();
        checkPayloadHash(payloadHash);
        byte[] key = check(request, match, scope, amzDate, headers, payloadHash, signature);
        return new Authentication(match.identity(), scope.accessKey(), payloadHash,
                new Authentication.ChunkSigning(key, amzDate, scope.value(), signature));
    }

    private Authentication verifyPresigned(SignedRequest request) {
        S3ErrorCode malformed = S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
        String algorithm = request.param("X-Amz-Algorithm");
        String credential = request.param("X-Amz-Credential");
        String amzDate = request.param("X-Amz-Date");
        String expires = request.param("X-Amz-Expires");
        String signedHeaders = request.param("X-Amz-SignedHeaders");
        String signature = request.param("X-Amz-Signature");
        if (algorithm == null || credential == null || amzDate == null || expires == null || signedHeaders == null
                || signature == null) {
            throw new S3Exception(malformed, "Query-string authentication version 4 requires the X-Amz-Algorithm,"
                    + " X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires"
                    + " parameters.");
        }
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(malformed, "X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\"");
        }
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new S3Exception(malformed, "X-Amz-Expires should be a number");
        }
        if (seconds <= 0) {
            throw new S3Exception(malformed, "X-Amz-Expires must be more than 0 seconds");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw new S3Exception(malformed, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        Scope scope = Scope.parse(credential, malformed);
        Instant when = parseAmzDate(amzDate, malformed);
        if (!amzDate.startsWith(scope.date())) {
            throw new S3Exception(malformed, "the credential's date " + scope.date() + " is not X-Amz-Date's");
        }
        Identities.Match match = identities.get().find(scope.accessKey()).orElseThrow(() -> unknownKey(scope));
        Instant now = clock.instant();
        if (when.minus(Duration.ofMinutes(SKEW_MINUTES)).isAfter(now)) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request is not valid yet");
        }
        if (now.isAfter(when.plusSeconds(seconds))) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("X-Amz-Expires", expires);
            details.put("Expires", DateTimeFormatter.ISO_INSTANT.format(when.plusSeconds(seconds)));
            details.put("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now));
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request has expired", details, null);
        }
        List<String> headers = signedHeaderList(signedHeaders, malformed);
        String payloadHash = request.param("X-Amz-Content-Sha256") != null ? request.param("X-Amz-Content-Sha256")
                : Authentication.UNSIGNED_PAYLOAD;
        byte[] key = check(request, match, scope, amzDate, headers, payloadHash, signature);
        return new Authentication(match.identity(), scope.accessKey(), payloadHash,
                new Authentication.ChunkSigning(key, amzDate, scope.value(), signature));
    }

    /** Computes the signature and compares it in constant time; returns the signing key. */
    private byte[] check(SignedRequest request, Identities.Match match, Scope scope, String amzDate,
                                List<String> signedHeaders, String payloadHash, String signature) {
        for (String h : signedHeaders) {
            if (!request.headers().containsKey(h)) {
                throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "the signed header '" + h + "' is not in the request");
            }
        }
        if (!signedHeaders.contains("host")) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "the signed headers must include host");
        }
        String canonical = CanonicalRequest.of(request, signedHeaders, payloadHash);
        String stringToSign = CanonicalRequest.stringToSign(amzDate, scope.value(), canonical);
        String secret = match.credential().secretKey();
        byte[] key = signingKeys.get(secret, scope.date(), scope.region(), scope.service());
        String expected = SigV4.sign(key, stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("AWSAccessKeyId", scope.accessKey());
            details.put("StringToSign", stringToSign);
            details.put("SignatureProvided", signature);
            details.put("CanonicalRequest", canonical);
            throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not"
                    + " match the signature you provided. Check your key and signing method.", details, null);
        }
        signingKeys.remember(secret, scope.date(), scope.region(), scope.service(), key);
        return key;
    }

    private static List<String> signedHeaderList(String signedHeaders, S3ErrorCode malformed) {
        List<String> names = Arrays.stream(signedHeaders.split(";")).map(String::strip).toList();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.isEmpty() || !n.equals(n.toLowerCase(java.util.Locale.ROOT))
                    || (i > 0 && names.get(i - 1).compareTo(n) >= 0)) {
                throw new S3Exception(malformed, "SignedHeaders must be lower-case names sorted and separated by ';',"
                        + " got '" + signedHeaders + "'");
            }
        }
        return names;
    }

    private static void checkPayloadHash(String payloadHash) {
        boolean hex = payloadHash.length() == 64 && payloadHash.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        if (!hex && !payloadHash.equals(Authentication.UNSIGNED_PAYLOAD)
                && !payloadHash.equals(Authentication.STREAMING_SIGNED)
                && !payloadHash.equals(Authentication.STREAMING_SIGNED_TRAILER)
                && !payloadHash.equals(Authentication.STREAMING_UNSIGNED_TRAILER)) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a"
                    + " STREAMING-* marker or the hex SHA-256 of the body, got '" + payloadHash + "'");
        }
    }

    private static Instant parseAmzDate(String amzDate, S3ErrorCode malformed) {
        try {
            return SigV4.AMZ_DATE.parse(amzDate.strip(), Instant::from);
        } catch (DateTimeParseException e) {
            throw new S3Exception(malformed, "X-Amz-Date '" + amzDate + "' is not of the form yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static S3Exception unknownKey(Scope scope) {
        Map<String, String> details = Map.of("AWSAccessKeyId", scope.accessKey());
        return new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID,
                "The AWS Access Key Id you provided does not exist in our records.", details, null);
    }
}
