package io.hayloft.http;

import io.hayloft.api.ContentDisposition;
import io.hayloft.api.HayloftException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A push parser for {@code multipart/form-data} bodies (RFC 7578 / RFC 2046), fed chunk by chunk
 * as they arrive, that gives the same parts whatever the chunk boundaries are.
 *
 * <p>Why not Vert.x's (Netty's) decoder: {@code HttpPostMultipartRequestDecoder} appends the CR of
 * the CRLF before a delimiter to the part's content when a network chunk ends exactly on that CR
 * (netty/netty#17383, open; not fixed in Netty 4.2.18 that Vert.x 5.2.0 ships). That silently
 * corrupts uploads at random. This parser keeps the last {@code delimiter.length - 1} bytes of a
 * part back until it knows they are not the start of a delimiter, so no split can leak them.
 *
 * <pre>
 *   PREAMBLE --"--boundary"--> AFTER_DELIMITER --CRLF--> HEADERS --CRLFCRLF--> BODY
 *                                   |   ^                                        |
 *                                  "--" +---------- "CRLF--boundary" ------------+
 *                                   v
 *                                  END (epilogue ignored)
 * </pre>
 *
 * <p>Not thread-safe: one parser per request, fed on one thread (or event loop) at a time.
 */
public final class MultipartParser {
    /** Longest accepted header block of one part. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    /** Receives the parts. Data of one part may arrive in many calls. */
    public interface Listener {
        /** A part starts; its headers, names lower-cased. */
        void partStarted(Part part);

        /** More bytes of the current part. The buffer is not retained by the parser. */
        void partData(Buffer data);

        /** The current part ended. */
        void partEnded();
    }

    /**
     * The headers of one part.
     *
     * @param headers header names lower-cased, values trimmed
     */
    public record Part(Map<String, String> headers) {
        /** The form field name, from {@code Content-Disposition: form-data; name="..."}. */
        public Optional<String> name() {
            return ContentDisposition.param(headers.get("content-disposition"), "name");
        }

        /** The file name, from {@code filename*=UTF-8''...} or {@code filename="..."}; empty if none. */
        public Optional<String> fileName() {
            return ContentDisposition.fileName(headers.get("content-disposition"));
        }

        /** The part's {@code Content-Type}, if given. */
        public Optional<String> contentType() {
            return Optional.ofNullable(headers.get("content-type"));
        }
    }

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, END }

    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private final byte[] firstDelimiter;
    private final byte[] delimiter;
    private final Listener listener;
    private Buffer pending = Buffer.buffer();
    private State state = State.PREAMBLE;

    private MultipartParser(String boundary, Listener listener) {
        this.firstDelimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.listener = listener;
    }

    /**
     * Creates a parser for a request whose {@code Content-Type} is {@code contentType}.
     *
     * @throws HayloftException {@code BAD_REQUEST} when it is not multipart or has no valid boundary
     */
    public static MultipartParser forContentType(String contentType, Listener listener) {
        return new MultipartParser(boundaryOf(contentType), listener);
    }

    /** True when {@code contentType} is {@code multipart/form-data} (any parameters). */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static String boundaryOf(String contentType) {
        HayloftException.checkArgument(isMultipart(contentType), "not a multipart/form-data body");
        String b = ContentDisposition.param(contentType, "boundary").orElseThrow(() ->
                HayloftException.badRequest("multipart/form-data without a boundary parameter"));
        HayloftException.checkArgument(!b.isEmpty() && b.length() <= 70, "multipart boundary must be 1 to 70 characters");
        return b;
    }

    /**
     * Feeds the next bytes of the body.
     *
     * @throws HayloftException {@code BAD_REQUEST} when the body is not well-formed multipart
     */
    public void feed(Buffer chunk) {
        if (state == State.END) {
            return;
        }
        pending = pending.length() == 0 ? chunk.copy() : pending.appendBuffer(chunk);
        boolean progress = true;
        while (progress && state != State.END) {
            progress = switch (state) {
                case PREAMBLE -> preamble();
                case AFTER_DELIMITER -> afterDelimiter();
                case HEADERS -> headers();
                case BODY -> body();
                case END -> false;
            };
        }
    }

    /**
     * Declares the body complete.
     *
     * @throws HayloftException {@code BAD_REQUEST} when the closing delimiter never came (a truncated body)
     */
    public void finish() {
        HayloftException.checkArgument(state == State.END,
                "truncated multipart body: the closing boundary never came");
    }

    /** True once the closing delimiter was seen. */
    public boolean isComplete() {
        return state == State.END;
    }

    private boolean preamble() {
        int at = indexOf(pending, firstDelimiter, 0);
        if (at < 0) {
            HayloftException.checkArgument(pending.length() <= MAX_HEADER_BYTES,
                    "multipart body does not start with its boundary");
            return false;
        }
        HayloftException.checkArgument(at == 0 || (at >= 2 && pending.getByte(at - 2) == '\r'
                        && pending.getByte(at - 1) == '\n'),
                "multipart body does not start with its boundary");
        consume(at + firstDelimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
    }

    private boolean afterDelimiter() {
        if (pending.length() < 2) {
            return false;
        }
        if (pending.getByte(0) == '-' && pending.getByte(1) == '-') {
            state = State.END;
            pending = Buffer.buffer();
            return false;
        }
        // transport padding (spaces, tabs) may follow a delimiter before its CRLF
        int i = 0;
        while (i < pending.length() && (pending.getByte(i) == ' ' || pending.getByte(i) == '\t')) {
            i++;
        }
        if (pending.length() < i + 2) {
            return false;
        }
        HayloftException.checkArgument(pending.getByte(i) == '\r' && pending.getByte(i + 1) == '\n',
                "malformed multipart body: expected CRLF after a boundary");
        consume(i + 2);
        state = State.HEADERS;
        return true;
    }

    private boolean headers() {
        if (pending.length() >= 2 && pending.getByte(0) == '\r' && pending.getByte(1) == '\n') {
            consume(2);
            return startPart(Map.of());
        }
        int end = indexOf(pending, CRLF_CRLF, 0);
        if (end < 0) {
            HayloftException.checkArgument(pending.length() <= MAX_HEADER_BYTES, "multipart part headers too long");
            return false;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : pending.getString(0, end, StandardCharsets.UTF_8.name()).split("\r\n")) {
            int colon = line.indexOf(':');
            HayloftException.checkArgument(colon > 0, "malformed multipart part header: " + line);
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        consume(end + CRLF_CRLF.length);
        return startPart(headers);
    }

    private boolean startPart(Map<String, String> headers) {
        listener.partStarted(new Part(headers));
        state = State.BODY;
        return true;
    }

    private boolean body() {
        int at = indexOf(pending, delimiter, 0);
        if (at >= 0) {
            if (at > 0) {
                listener.partData(pending.getBuffer(0, at));
            }
            consume(at + delimiter.length);
            listener.partEnded();
            state = State.AFTER_DELIMITER;
            return true;
        }
        // keep back what could be the start of a delimiter split across chunks
        int safe = pending.length() - (delimiter.length - 1);
        if (safe > 0) {
            listener.partData(pending.getBuffer(0, safe));
            consume(safe);
        }
        return false;
    }

    private void consume(int n) {
        pending = n >= pending.length() ? Buffer.buffer() : pending.getBuffer(n, pending.length());
    }

    private static int indexOf(Buffer haystack, byte[] needle, int from) {
        int last = haystack.length() - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
