package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.wire.ErrorResponse;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Recognises requests that no route should see and answers them with a JSON 4xx: a request line or
 * header Netty could not decode (too long, malformed, an HTTP version other than 1.0 and 1.1), a
 * path with a bad percent escape, a control character or bytes that are not UTF-8, a query string
 * that cannot be decoded, an HTTP/1.1 request without a valid {@code Host} (an HTTP/1.0 one gets one
 * from {@link LegacyRequestAdapter}), and a body whose framing (the
 * chunked encoding) is broken. Stateless; every method is safe from any thread.
 */
public final class MalformedRequests {
    private MalformedRequests() {
    }

    /**
     * What is wrong with {@code req}'s request line and headers, or null when a router may see it.
     * Reads the query once (Vert.x decodes it then); never throws.
     */
    static String problem(HttpServerRequest req) {
        boolean http2 = req.version() == HttpVersion.HTTP_2; // its authority is a pseudo-header, not Host
        if (!http2 && req.getHeader("Host") == null) {
            return "an HTTP/1.1 request needs a Host header";
        }
        try {
            if (!http2 && req.authority() == null) {
                return "malformed Host header '" + req.getHeader("Host") + "': expected host[:port]";
            }
        } catch (RuntimeException e) {
            return "malformed Host header '" + req.getHeader("Host") + "': " + e.getMessage();
        }
        String path = req.path();
        String pathProblem = pathProblem(path);
        if (pathProblem != null) {
            return pathProblem;
        }
        try {
            req.params();
        } catch (RuntimeException e) {
            return "malformed query string: " + e.getMessage();
        }
        return null;
    }

    /**
     * What is wrong with a raw (still escaped) request path, or null: it must start with {@code /},
     * every {@code %} must start two hex digits, the decoded bytes must be UTF-8 without control
     * characters (NUL included).
     */
    static String pathProblem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "the request path must start with '/'";
        }
        if (isPlainAscii(rawPath)) {
            return null; // the common case, checked without allocating
        }
        byte[] decoded = new byte[rawPath.length()];
        int n = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return "bad percent escape at index " + i + " of the path";
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return "bad percent escape at index " + i + " of the path";
                }
                b = hi << 4 | lo;
                i += 2;
            } else if (c > 0xff) {
                return "the path has a character outside ISO-8859-1 at index " + i;
            } else {
                b = c;
            }
            if (b < 0x20 || b == 0x7f) {
                return "the path has a control character (byte " + b + ")";
            }
            decoded[n++] = (byte) b;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded, 0, n));
        } catch (CharacterCodingException e) {
            return "the path's escapes are not UTF-8";
        }
        return null;
    }

    private static boolean isPlainAscii(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%') {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code t} (or a cause) is the HTTP decoder refusing what the client sent, such as a
     * chunk size that is not hex: the client's fault, answered 400.
     */
    public static boolean isDecodeFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DecoderException || c instanceof UnsupportedHttpVersion) {
                return true;
            }
            StackTraceElement[] stack = c.getStackTrace();
            if (stack.length > 0 && stack[0].getClassName().startsWith("io.netty.handler.codec.")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** The decoder's reason, for the error body. */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DecoderException || c instanceof UnsupportedHttpVersion
                    || (c.getStackTrace().length > 0 && c.getStackTrace()[0].getClassName().startsWith("io.netty.handler.codec."))) {
                return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * Answers a request Netty could not decode (Vert.x's invalid-request handler): 414 for a request
     * line over the limit, 431 for headers over it, 400 otherwise, each as JSON, then closes the
     * connection (what follows on it cannot be trusted).
     */
    static void answerInvalid(HttpServerRequest req) {
        Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line too long: " + cause.getMessage();
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request headers too large: " + cause.getMessage();
        } else {
            status = 400;
            message = "malformed request: " + (cause == null ? "cannot decode" : describe(cause));
        }
        answer(req, status, message);
    }

    /** Sends a JSON error with {@code Connection: close} on a request no router saw, then closes. */
    static void answer(HttpServerRequest req, int status, String message) {
        HttpServerResponse r = req.response();
        if (r.ended() || r.closed()) {
            return;
        }
        if (r.headWritten()) {
            req.connection().close(); // an answer is under way: it cannot become an error any more
            return;
        }
        byte[] body = Json.write(new ErrorResponse(message, ErrorCode.BAD_REQUEST.name(), null), false);
        r.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (req.version() == HttpVersion.HTTP_2) {
            r.end(io.vertx.core.buffer.Buffer.buffer(body)); // a stream of its own: the connection stays
            return;
        }
        r.putHeader("Connection", "close")
                .end(io.vertx.core.buffer.Buffer.buffer(body)).onComplete(ar -> req.connection().close());
    }

    /** The decoder found an HTTP version other than 1.0 and 1.1 (see {@link LegacyRequestAdapter}). */
    static final class UnsupportedHttpVersion extends RuntimeException {
        UnsupportedHttpVersion(String version) {
            super("HTTP version " + version + " is not supported; use HTTP/1.1", null, false, false);
        }
    }
}
