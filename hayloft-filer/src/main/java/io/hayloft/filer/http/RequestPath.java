package io.hayloft.filer.http;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FullPath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The filer path a request names: its raw URL path percent-decoded as UTF-8 ({@code +} stays a
 * plus), then validated by {@link FullPath#parse}. A trailing slash marks a directory request.
 *
 * @param path        the validated path
 * @param trailingSlash true when the raw path ended in {@code /}
 */
record RequestPath(FullPath path, boolean trailingSlash) {
    /**
     * Parses a raw request path such as {@code /docs/r%C3%A9sum%C3%A9.pdf}.
     *
     * @throws HayloftException BAD_REQUEST for bad escapes, invalid UTF-8 or any path
     *                          {@link FullPath#parse} rejects ({@code ..}, NUL, long names)
     */
    static RequestPath parse(String raw) {
        HayloftException.checkArgument(raw != null && raw.startsWith("/"), "request path must start with '/'");
        return new RequestPath(FullPath.parse(decode(raw)), raw.length() > 1 && raw.endsWith("/"));
    }

    /** Percent-decodes {@code raw} into UTF-8 text. */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                HayloftException.checkArgument(i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
                        && hex(raw.charAt(i + 2)) >= 0, "bad percent escape in path " + raw);
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HayloftException.badRequest("path is not valid UTF-8: " + raw);
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
