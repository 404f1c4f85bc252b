package io.hayloft.http;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.wire.HttpTransport;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link HttpTransport} over a server's Vert.x {@link PeerClient}: how a role's typed clients (the filer
 * client, the master client through {@code MasterTransport.over}, the blob client) send from inside
 * Hayloft's servers, so that every call between roles is a Vert.x call on the server's own pooled
 * connections. Bodies stream both ways with backpressure: a request body is read from the caller's
 * stream as the connection takes it, an answer's body arrives as a {@link BodyInputStream}.
 *
 * <p>Deadlines: the answer's head must come within the request's timeout (plus a second per MiB of a
 * body, as the JDK transport allows); the peer may send or take nothing for at most the stall timeout
 * at any point (connect, body either way). Thread-safe; blocking, for virtual threads. The peer client
 * stays its owner's: {@link #close()} leaves it open.
 */
public final class VertxHttpTransport implements HttpTransport {
    /** Uploads get one more second per this many bytes of body. */
    private static final long SLOWEST_UPLOAD_BYTES_PER_SECOND = 1024 * 1024;
    /** Extra time for a body whose length is not known up front. */
    private static final Duration UNKNOWN_LENGTH_ALLOWANCE = Duration.ofMinutes(30);

    private final PeerClient peers;
    private final Duration stall;

    /**
     * @param peers the server's peer client
     * @param stall how long a peer may send or take nothing before a call fails
     */
    public VertxHttpTransport(PeerClient peers, Duration stall) {
        this.peers = peers;
        this.stall = stall;
    }

    @Override
    public Response open(Request request) {
        Duration deadline = request.timeout();
        PeerClient.Upload upload = switch (request.body()) {
            case null -> null;
            case Bytes b -> {
                deadline = deadline.plusSeconds(b.length() / SLOWEST_UPLOAD_BYTES_PER_SECOND);
                yield new PeerClient.Upload.Whole(BufferInternal.buffer(Unpooled.wrappedBuffer(b.bytes())));
            }
            case Stream s -> {
                deadline = s.length() < 0 ? deadline.plus(UNKNOWN_LENGTH_ALLOWANCE)
                        : deadline.plusSeconds(s.length() / SLOWEST_UPLOAD_BYTES_PER_SECOND);
                yield new PeerClient.Upload.Streaming(s.in(), s.length());
            }
        };
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(request.method());
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("no HTTP method " + request.method());
        }
        try {
            return new VertxResponse(peers.open(method, request.uri().toString(), request.headers(), upload, deadline, stall));
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.UNAVAILABLE) {
                throw new Unreachable(request.uri(), e.getCause() != null ? e.getCause() : e);
            }
            throw e;
        }
    }

    /** Leaves the peer client to its owner. */
    @Override
    public void close() {
    }

    private record VertxResponse(PeerClient.Streamed streamed) implements Response {
        @Override
        public int status() {
            return streamed.status();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(streamed.headers().get(name));
        }

        @Override
        public Map<String, List<String>> all() {
            MultiMap headers = streamed.headers();
            Map<String, List<String>> all = new LinkedHashMap<>();
            headers.forEach(e -> all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return all;
        }

        @Override
        public InputStream body() {
            return streamed.body();
        }

        @Override
        public void close() {
            streamed.close();
        }
    }
}
