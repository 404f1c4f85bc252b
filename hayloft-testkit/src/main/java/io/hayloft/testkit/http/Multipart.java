package io.hayloft.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the single {@code file} part out of a multipart body the way a volume server does, for
 * assertions and fake volume servers. Shared by every module's tests.
 */
public record Multipart(String disposition, String contentType, byte[] data) {
    public static Multipart parse(String contentTypeHeader, byte[] body) {
        String boundary = contentTypeHeader.substring(contentTypeHeader.indexOf("boundary=") + "boundary=".length());
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String opening = "--" + boundary + "\r\n";
        String closing = "\r\n--" + boundary + "--\r\n";
        if (!text.startsWith(opening) || !text.endsWith(closing)) {
            throw new IllegalArgumentException("not a single-part multipart body: " + text);
        }
        int headEnd = text.indexOf("\r\n\r\n");
        String disposition = null;
        String contentType = null;
        for (String line : text.substring(opening.length(), headEnd).split("\r\n")) {
            String decoded = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            if (decoded.startsWith("Content-Disposition: ")) {
                disposition = decoded.substring("Content-Disposition: ".length());
            } else if (decoded.startsWith("Content-Type: ")) {
                contentType = decoded.substring("Content-Type: ".length());
            }
        }
        byte[] data = Arrays.copyOfRange(body, headEnd + 4, body.length - closing.length());
        return new Multipart(disposition, contentType, data);
    }
}
