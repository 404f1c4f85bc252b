package io.hayloft.s3.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Non-ASCII text in HTTP header values. The HTTP server hands header bytes over one char per byte
 * (ISO-8859-1); clients today send UTF-8 there (and sign the UTF-8), older ones ISO-8859-1. A value is
 * read as UTF-8 when its bytes are valid UTF-8, else as ISO-8859-1, so it is signed and stored as the
 * client meant it. Values written back stay as they are when every character fits in one byte, else
 * they go out RFC 2047-encoded ({@code =?UTF-8?B?...?=}), as S3 answers non-ASCII metadata. Stateless.
 */
final class HeaderText {
    private HeaderText() {
    }

    /** The text a raw header value (one char per byte received) stands for; null stays null. */
    static String decode(String raw) {
        if (raw == null || below(raw, 0x80)) {
            return raw;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return raw;
        }
    }

    /** {@code text} as a header value that survives one byte per char. */
    static String encode(String text) {
        if (below(text, 0x100)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** True when every character of {@code text} is below {@code limit} (a loop: this runs for every header). */
    private static boolean below(String text, int limit) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= limit) {
                return false;
            }
        }
        return true;
    }
}
