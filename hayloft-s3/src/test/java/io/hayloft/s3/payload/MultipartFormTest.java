package io.hayloft.s3.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static final String B = "----hayloftBoundary7MA4YWxk";

    private static byte[] form(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble to skip\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nphotos/a.bin"
                + "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"x-amz-meta-note\"\r\n\r\nline one\r\nline two"
                + "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"quoted\\\".bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A stream that hands out at most {@code step} bytes per read, so boundaries fall across reads. */
    private static InputStream trickle(byte[] data, int step) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void fieldsAndAFileAreReadPartByPart() throws IOException {
        byte[] file = new byte[300_000];
        new Random(7).nextBytes(file);
        // a near-boundary inside the data must not end the part
        byte[] near = ("\r\n--" + B.substring(0, B.length() - 1) + "X").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(near, 0, file, 70_000, near.length);
        for (int step : new int[] {1, 7, 4096, 1 << 20}) {
            MultipartForm f = new MultipartForm(trickle(form(file), step), B);
            MultipartForm.Part key = f.next();
            assertThat(key.name()).isEqualTo("key");
            assertThat(new String(key.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("photos/a.bin");
            MultipartForm.Part note = f.next();
            assertThat(new String(note.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line one\r\nline two");
            MultipartForm.Part data = f.next();
            assertThat(data.name()).isEqualTo("file");
            assertThat(data.fileName()).isEqualTo("a \"quoted\".bin");
            assertThat(data.contentType()).isEqualTo("application/octet-stream");
            assertThat(data.body().readAllBytes()).isEqualTo(file);
            assertThat(f.next()).isNull();
        }
    }

    @Test
    void anUnreadPartIsSkipped() throws IOException {
        MultipartForm f = new MultipartForm(new ByteArrayInputStream(form("abc".getBytes(StandardCharsets.UTF_8))), B);
        f.next();
        f.next();
        assertThat(new String(f.next().body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void malformedBodiesAreRefused() {
        byte[] whole = form("abc".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12);
        assertMalformed(cut);
        assertMalformed(("--" + B + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + B + "--").getBytes(StandardCharsets.UTF_8));
        assertMalformed(("--" + B + "\r\nContent-Disposition: form-data; name=k\r\n" + "h: v\r\n".repeat(2000))
                .getBytes(StandardCharsets.UTF_8));
        assertMalformed("no boundary at all".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(byte[] body) {
        assertThatThrownBy(() -> {
            MultipartForm f = new MultipartForm(new ByteArrayInputStream(body), B);
            for (MultipartForm.Part p = f.next(); p != null; p = f.next()) {
                p.body().readAllBytes();
            }
        }).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.MALFORMED_POST_REQUEST));
    }

    @Test
    void theBoundaryComesFromTheContentType() {
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartForm.boundary("application/x-www-form-urlencoded")).isNull();
        assertThat(MultipartForm.boundary("multipart/form-data")).isNull();
        assertThat(MultipartForm.boundary(null)).isNull();
    }
}
