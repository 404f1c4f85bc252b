package io.hayloft.s3.payload;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part without holding it: each part's headers,
 * then its bytes as a stream that ends at the next boundary. Built for S3's browser POST uploads, whose
 * fields come before the file. Limits: a part's headers {@value #MAX_HEADER_BYTES} bytes. Used by one thread;
 * malformed framing is {@code MalformedPOSTRequest}.
 */
public final class MultipartForm {
    /** The most bytes of one part's header block. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean first = true;
    private boolean done;
    private PartStream current;

    /**
     * One part: its lower-case headers, its form field name and file name (null when it has none), and its
     * bytes, readable until the next part is asked for.
     */
    public record Part(Map<String, String> headers, String name, String fileName, InputStream body) {
        /** The part's Content-Type, or null. */
        public String contentType() {
            return headers.get("content-type");
        }
    }

    /**
     * @param boundary the {@code boundary} parameter of the request's Content-Type
     */
    public MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        // the first boundary has no CRLF before it: start as if it had
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /**
     * The boundary of a {@code multipart/form-data} Content-Type, or null when it is not one.
     */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring("boundary=".length()).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 70 ? null : b;
            }
        }
        return null;
    }

    /**
     * The next part (the previous one's unread bytes are skipped), or null after the closing boundary.
     *
     * @throws S3Exception MalformedPOSTRequest when the body is not well-framed
     */
    public Part next() throws IOException {
        if (done) {
            return null;
        }
        if (first) {
            first = false;
            new PartStream().transferTo(OutputStreamSink.INSTANCE); // the preamble
        } else if (current != null) {
            current.transferTo(OutputStreamSink.INSTANCE);
        }
        // after a delimiter: "--" closes the body, CRLF starts a part
        fill(2);
        if (end - start < 2) {
            throw malformed("the body ends inside a boundary");
        }
        if (buf[start] == '-' && buf[start + 1] == '-') {
            done = true;
            return null;
        }
        skipLinearWhitespace();
        fill(2);
        if (end - start < 2 || buf[start] != '\r' || buf[start + 1] != '\n') {
            throw malformed("a boundary is not followed by CRLF");
        }
        start += 2;
        Map<String, String> headers = headers();
        String disposition = headers.getOrDefault("content-disposition", "");
        String name = parameter(disposition, "name");
        if (name == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw malformed("a part has no Content-Disposition: form-data; name=...");
        }
        current = new PartStream();
        return new Part(headers, name, parameter(disposition, "filename"), current);
    }

    private void skipLinearWhitespace() throws IOException {
        while (true) {
            fill(1);
            if (end - start < 1 || buf[start] != ' ' && buf[start] != '\t') {
                return;
            }
            start++;
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int used = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(2);
                if (end - start < 2) {
                    throw malformed("the body ends inside a part's headers");
                }
                if (buf[start] == '\r' && buf[start + 1] == '\n') {
                    start += 2;
                    break;
                }
                line.append((char) (buf[start++] & 0xff));
                if (++used > MAX_HEADER_BYTES) {
                    throw malformed("a part's headers are over " + MAX_HEADER_BYTES + " bytes");
                }
            }
            if (line.isEmpty()) {
                return out;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                throw malformed("a part header has no name: " + line);
            }
            String value = new String(line.substring(colon + 1).strip().getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            out.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), value);
        }
    }

    /** The value of {@code name=} in a Content-Disposition (quoted or not), or null. */
    static String parameter(String disposition, String name) {
        for (String p : disposition.split(";")) {
            String t = p.strip();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String v = t.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return v;
            }
        }
        return null;
    }

    /** Reads until at least {@code n} bytes are buffered or the body ends. */
    private void fill(int n) throws IOException {
        if (end - start >= n || eof) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n && !eof) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
    }

    /** Where a skipped part's bytes go. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** A part's bytes: up to the next delimiter, which it consumes at its end. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int found = indexOfDelimiter();
            if (found == start) {
                start += delimiter.length;
                ended = true;
                return -1;
            }
            int available;
            if (found >= 0) {
                available = found - start;
            } else if (eof) {
                throw malformed("the body ends before its closing boundary");
            } else {
                // the delimiter may begin in the last delimiter.length - 1 bytes: keep those
                available = end - start - (delimiter.length - 1);
                if (available <= 0) {
                    fill(end - start + 1);
                    return read(b, off, len);
                }
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            return n;
        }

        private int indexOfDelimiter() {
            outer:
            for (int i = start; i <= end - delimiter.length; i++) {
                for (int j = 0; j < delimiter.length; j++) {
                    if (buf[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private static S3Exception malformed(String why) {
        return new S3Exception(S3ErrorCode.MALFORMED_POST_REQUEST, "The body of your POST request is not well-formed"
                + " multipart/form-data: " + why);
    }

    @Override
    public String toString() {
        return "MultipartForm[" + new String(Arrays.copyOfRange(delimiter, 4, delimiter.length), StandardCharsets.ISO_8859_1) + "]";
    }
}
