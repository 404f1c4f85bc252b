package io.hayloft.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of AWS Signature Version 4: SHA-256, HMAC-SHA256, the signing key derivation
 * ({@code kSecret → kDate → kRegion → kService → kSigning}) and S3's URI encoding. Stateless;
 * every method is thread-safe.
 */
public final class SigV4 {
    /** The algorithm of header auth, presigned URLs and the string to sign. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The last element of every credential scope. */
    public static final String TERMINATOR = "aws4_request";
    /** {@code yyyyMMdd'T'HHmmss'Z'}, the form of {@code X-Amz-Date}. */
    public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** SHA-256 of the empty string, hex. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private SigV4() {
    }

    /** Lowercase hex SHA-256 of {@code data}. */
    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256().digest(data));
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** HMAC-SHA256 of the UTF-8 bytes of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Lowercase hex HMAC-SHA256: a signature. */
    public static String sign(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    /**
     * The signing key of {@code secretKey} for one day, region and service.
     *
     * @param date {@code yyyyMMdd}
     */
    public static byte[] signingKey(String secretKey, String date, String region, String service) {
        byte[] kDate = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, TERMINATOR);
    }

    /** {@code t} as {@code yyyyMMdd'T'HHmmss'Z'}. */
    public static String amzDate(Instant t) {
        return AMZ_DATE.format(t);
    }

    /**
     * S3's URI encoding: every byte of the UTF-8 form but the unreserved characters
     * ({@code A-Z a-z 0-9 - . _ ~}) as {@code %XY} (upper-case hex); {@code /} kept when
     * {@code keepSlash} (object paths), encoded otherwise (query names and values).
     */
    public static String uriEncode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (c == '/' && keepSlash)) {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
            }
        }
        return out.toString();
    }
}
