package io.hayloft.client;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.HttpTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body with one {@code file} part, as SeaweedFS clients and
 * {@code curl -F file=@x} send it. A file is streamed from disk between the part's head and tail,
 * never loaded whole; the body's length is known up front.
 *
 * @param contentType the request's {@code Content-Type}, boundary included
 * @param body        the body
 */
record MultipartBody(String contentType, HttpTransport.Body body) {
    private static final String DEFAULT_MIME = "application/octet-stream";

    /** Wraps {@code data} as the {@code file} part. */
    static MultipartBody of(byte[] data, String fileName, String mime) {
        String boundary = boundary();
        byte[] head = head(boundary, fileName, mime);
        byte[] tail = tail(boundary);
        byte[] all = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        System.arraycopy(tail, 0, all, head.length + data.length, tail.length);
        return new MultipartBody(contentTypeOf(boundary), new HttpTransport.Bytes(all));
    }

    /** Streams {@code file} as the {@code file} part; NOT_FOUND when it cannot be opened. */
    static MultipartBody of(Path file, String fileName, String mime) {
        String boundary = boundary();
        byte[] head = head(boundary, fileName, mime);
        byte[] tail = tail(boundary);
        InputStream content;
        long size;
        try {
            size = Files.size(file);
            content = Files.newInputStream(file);
        } catch (IOException e) {
            throw HayloftException.notFound("cannot read " + file + ": no such file");
        }
        InputStream all = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head), content, new ByteArrayInputStream(tail))));
        return new MultipartBody(contentTypeOf(boundary), new HttpTransport.Stream(all, head.length + size + tail.length));
    }

    private static String boundary() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "hayloft" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    private static String contentTypeOf(String boundary) {
        return "multipart/form-data; boundary=" + boundary;
    }

    private static byte[] head(String boundary, String fileName, String mime) {
        // Always a filename parameter, empty when there is no name: multipart decoders (Netty's
        // among them) treat a part without one as a form field, not as the uploaded file.
        String name = fileName == null ? "" : escape(fileName);
        String type = mime == null || mime.isBlank() ? DEFAULT_MIME : mime.strip();
        return ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tail(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Percent-encodes what would break the quoted header value, as browsers do. */
    private static String escape(String fileName) {
        return fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
