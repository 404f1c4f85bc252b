package io.hayloft.api.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a typed client of a role (the filer client, the master client, a volume server's client of its
 * peers) sends one request to one server: the JDK's HTTP client for applications and the shell,
 * Vert.x inside Hayloft's servers, so that every call between roles is a Vert.x call. The client
 * builds the request from the role's endpoints ({@link FilerApi}, {@link MasterApi}, {@link VolumeApi})
 * and decides on the answer; the transport only moves bytes, both ways streamed.
 *
 * <p>Implementations are thread-safe and blocking: call from virtual threads.
 */
public interface HttpTransport extends AutoCloseable {
    /**
     * Sends {@code request} and returns once the answer's status and headers arrived, whatever the
     * status; the body is still to be read from {@link Response#body()}. Redirects are not followed.
     *
     * @throws io.hayloft.api.HayloftException UNAVAILABLE ({@link Unreachable}) when the server cannot be
     *                                         reached, the deadline passes before the headers, or the
     *                                         request's body stream fails or disagrees with its length
     */
    Response open(Request request);

    /**
     * {@link #open} and the whole body read, for answers known to be small (metadata, JSON, errors).
     *
     * @throws io.hayloft.api.HayloftException UNAVAILABLE when the body breaks off
     */
    default Answer send(Request request) {
        try (Response r = open(request)) {
            return new Answer(r.status(), r, r.body().readAllBytes());
        } catch (IOException e) {
            throw new Unreachable(request.uri(), e);
        }
    }

    /** Releases this transport's connections when it owns them. */
    @Override
    void close();

    /**
     * One request.
     *
     * @param method  {@code GET}, {@code PUT}...
     * @param uri     absolute {@code http://host:port/path?query}
     * @param headers request headers (no {@code Content-Length}: the body sets it)
     * @param body    the body, or null for none
     * @param timeout the deadline for the answer's headers (a body sent or read is held to the
     *                transport's stall timeout instead)
     */
    record Request(String method, URI uri, Map<String, String> headers, Body body, Duration timeout) {
        public Request {
            headers = Map.copyOf(headers);
            if (timeout == null || !timeout.isPositive()) {
                throw new IllegalArgumentException("a request needs a positive deadline");
            }
        }

        /** A request without headers or body. */
        public static Request of(String method, URI uri, Duration timeout) {
            return new Request(method, uri, Map.of(), null, timeout);
        }
    }

    /** A request body. */
    sealed interface Body permits Bytes, Stream {
        /** Its length in bytes, or -1 when unknown (sent chunked). */
        long length();
    }

    /** A body held in memory. */
    record Bytes(byte[] bytes) implements Body {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * A body read from {@code in} as it is sent; a stream that ends before {@code length} bytes or runs
     * past it fails the request (UNAVAILABLE) and the server stores nothing.
     *
     * @param length the bytes it holds, or -1 when unknown
     */
    record Stream(InputStream in, long length) implements Body {
    }

    /**
     * An answer whose body is still to be read; close it (its connection is reused or dropped). Its
     * status and headers stay readable after the close.
     */
    interface Response extends AutoCloseable, Headers {
        int status();

        /** The body, read as it arrives; a read that stalls past the transport's stall timeout fails. */
        InputStream body();

        @Override
        void close();
    }

    /** Response headers, looked up case-insensitively. */
    interface Headers {
        /** The first value of header {@code name}, if present. */
        Optional<String> header(String name);

        /** Every header with all its values, names as received. */
        Map<String, List<String>> all();
    }

    /** A whole answer. */
    record Answer(int status, Headers headers, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The server could not be reached, the deadline passed, or the request's body broke: UNAVAILABLE. */
    final class Unreachable extends io.hayloft.api.HayloftException {
        public Unreachable(URI uri, Throwable cause) {
            super(io.hayloft.api.ErrorCode.UNAVAILABLE, "cannot reach " + uri.getRawAuthority() + ": " + why(cause),
                    cause);
        }

        private static String why(Throwable cause) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
            return cause instanceof java.net.ConnectException ? "connection refused" : cause.getClass().getSimpleName();
        }
    }
}
