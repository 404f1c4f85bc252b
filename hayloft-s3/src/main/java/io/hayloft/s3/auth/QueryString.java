package io.hayloft.s3.auth;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding of a raw query string and of path segments, strictly: a malformed escape or bytes
 * that are not UTF-8 are an {@code InvalidArgument}. A {@code +} stays a {@code +} (SigV4 clients
 * encode a space as {@code %20}).
 */
public final class QueryString {
    private QueryString() {
    }

    /** The parameters of {@code raw} (without the {@code ?}; null or empty for none), decoded, in order. */
    public static List<Map.Entry<String, String>> parse(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(new AbstractMap.SimpleImmutableEntry<>(decode(name), decode(value)));
        }
        return out;
    }

    /**
     * {@code text} with its {@code %XY} escapes decoded as UTF-8.
     *
     * @throws S3Exception InvalidArgument for a malformed escape or invalid UTF-8
     */
    public static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "malformed percent escape in '" + text + "'");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    b = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "percent escapes in '" + text + "' are not UTF-8");
        }
    }
}
