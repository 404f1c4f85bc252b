package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.security.InternalTokens;
import io.hayloft.security.SecurityConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Server-to-server HTTP calls (heartbeats, growth, replication, proxying) over Vert.x's pooled
 * client. The blocking methods are for virtual threads; {@link #send} returns a future for callers
 * that fan out in parallel. Thread-safe.
 */
public final class PeerClient implements AutoCloseable {
    private static final long DEADLINE_SLACK_MS = 1000;
    private static final int UPLOAD_BUFFER = 64 * 1024;
    private final Vertx vertx;
    private final io.vertx.core.http.HttpClientAgent client;
    /** With [tls]: every call goes over HTTPS (an http:// URL is sent as https://); else null. */
    private final ServerTls tls;
    private final Duration timeout;
    /** Adds the cluster's internal token to every call, or null when security.toml has no internal key. */
    private final InternalTokens internal;
    private final long tlsWatch;

    /** A peer's answer: status, headers and the whole body. */
    public record Response(int status, MultiMap headers, Buffer body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String bodyAsString() {
            return body.toString();
        }

        /**
         * Why a failed answer failed: the error body's {@code code}, or, for a body without one (an
         * older server, a proxy), the code its status stands for. Decide on this, never on the status:
         * two codes share 409.
         */
        public ErrorCode errorCode() {
            try {
                io.hayloft.api.wire.ErrorResponse e = json(io.hayloft.api.wire.ErrorResponse.class);
                if (e != null) {
                    return e.errorCode().orElse(ErrorCode.fromStatus(status));
                }
            } catch (RuntimeException notJson) {
                // plain text: the status is all there is
            }
            return ErrorCode.fromStatus(status);
        }

        /** Reads the body as JSON of type {@code type}. */
        public <T> T json(Class<T> type) {
            return Json.read(body.getBytes(), type);
        }
    }

    /** Connections a server's client opens to one peer at most. */
    static final int DEFAULT_CONNECTIONS_PER_PEER = 64;

    /** How long one whole call may take ({@link #send}, {@link #call}). */
    public Duration timeout() {
        return timeout;
    }

    /** @param timeout how long one call may take, connect to last byte */
    public PeerClient(Vertx vertx, Duration timeout) {
        this(vertx, timeout, SecurityConfig.NONE, DEFAULT_CONNECTIONS_PER_PEER);
    }

    /**
     * A client whose every call carries {@code security}'s internal token ({@link InternalTokens#HEADER}),
     * when it has an internal key: this is the one place a server's calls to other roles get it.
     *
     * @param timeout how long one call may take, connect to last byte
     */
    public PeerClient(Vertx vertx, Duration timeout, SecurityConfig security) {
        this(vertx, timeout, security, DEFAULT_CONNECTIONS_PER_PEER);
    }

    /**
     * @param timeout            how long one call may take, connect to last byte
     * @param connectionsPerPeer most connections open to one peer at once (64 for a server; more for a
     *                           simulator speaking for thousands of servers)
     */
    public PeerClient(Vertx vertx, Duration timeout, int connectionsPerPeer) {
        this(vertx, timeout, SecurityConfig.NONE, connectionsPerPeer);
    }

    /**
     * @param timeout            how long one call may take, connect to last byte
     * @param security           the internal token every call carries and the TLS it speaks, if any
     * @param connectionsPerPeer most connections open to one peer at once
     */
    public PeerClient(Vertx vertx, Duration timeout, SecurityConfig security, int connectionsPerPeer) {
        if (connectionsPerPeer < 1) {
            throw new IllegalArgumentException("connectionsPerPeer must be 1 or more, got " + connectionsPerPeer);
        }
        this.vertx = vertx;
        this.timeout = timeout;
        this.internal = security.internal().orElse(null);
        this.tls = ServerTls.of(security).orElse(null);
        HttpClientOptions options = new HttpClientOptions()
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        if (tls != null) {
            io.vertx.core.net.ClientSSLOptions ssl = tls.clientOptions();
            options.setSsl(true).setVerifyHost(true).setTrustOptions(ssl.getTrustOptions())
                    .setKeyCertOptions(ssl.getKeyCertOptions()).setSslEngineOptions(ServerTls.engine());
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connectionsPerPeer));
        this.tlsWatch = tls == null ? -1 : tls.watch(vertx, changed -> client.updateSSLOptions(changed.clientOptions(), true));
    }

    /**
     * Sends a request and returns a future of the whole response. Never throws, and the future
     * always completes: connection failures, a URL Vert.x refuses (a port out of range, say) and
     * the deadline ({@code timeout}, connect to last byte) complete it exceptionally.
     *
     * @param url     absolute URL, e.g. {@code http://127.0.0.1:8080/3,01637037d6?type=replicate}
     * @param headers request headers (may be empty)
     * @param body    request body, or null for none
     */
    public CompletableFuture<Response> send(HttpMethod method, String url, Map<String, String> headers, Buffer body) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(method).setAbsoluteURI(secure(url)).setTimeout(timeout.toMillis());
            headers.forEach(options::putHeader);
            authenticate(options);
        } catch (RuntimeException e) {
            result.completeExceptionally(new HayloftException(ErrorCode.BAD_REQUEST, "bad peer URL " + url + ": "
                    + e.getMessage(), e));
            return result;
        }
        // Build the chain on an event loop: from another thread, the response could end before
        // body() is attached to it, and its bytes would be lost.
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                client.request(options)
                        .compose(req -> body == null ? req.send() : req.send(body))
                        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b)))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                result.complete(ar.result());
                            } else {
                                result.completeExceptionally(ar.cause());
                            }
                        });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        // the request's own timeout covers idle gaps; this bounds the whole exchange
        return result.orTimeout(timeout.toMillis() + DEADLINE_SLACK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * A peer's answer whose body is still arriving: status, headers, and the body as a blocking stream
     * with backpressure ({@link BodyInputStream}); closing it before its end resets the request, so
     * the peer stops sending.
     */
    public record Streamed(int status, MultiMap headers, InputStream body, Runnable onClose) implements AutoCloseable {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Closes the body (resetting the request when it was not all read, or not all sent). */
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // the connection is dropped: nothing else to release
            }
            onClose.run();
        }
    }

    /**
     * Sends a request and waits for the answer's head; its body is then read through
     * {@link Streamed#body()} (for bodies too large to hold: a volume's files, a file's chunk range).
     * Blocking, for virtual threads.
     *
     * @param body  request body, or null for none
     * @param stall how long the peer may send nothing (connect, headers, any gap in the body) before the
     *              call fails; the head must arrive within twice that
     * @throws HayloftException {@code UNAVAILABLE} when the peer cannot be reached or stalls,
     *                          {@code BAD_REQUEST} for a URL Vert.x refuses
     */
    public Streamed open(HttpMethod method, String url, Map<String, String> headers, Buffer body, Duration stall) {
        return open(method, url, headers, body == null ? null : new Upload.Whole(body), stall.multipliedBy(2), stall);
    }

    /** A request body for {@link #open(HttpMethod, String, Map, Upload, Duration, Duration)}. */
    public sealed interface Upload {
        /** A body held whole. */
        record Whole(Buffer bytes) implements Upload {
        }

        /**
         * A body read from {@code in} as it is sent, with backpressure; one that ends before {@code length}
         * bytes or runs past it, or whose stream fails, resets the request (the peer stores nothing).
         *
         * @param length its bytes, or -1 when unknown (sent chunked)
         */
        record Streaming(InputStream in, long length) implements Upload {
        }
    }

    /**
     * Sends a request, its body whole or streamed, and waits for the answer's head; the answer's body is
     * then read through {@link Streamed#body()}. A peer that answers before the body is all sent (an
     * early refusal) ends the upload there. Blocking, for virtual threads.
     *
     * @param body         the body, or null for none
     * @param headDeadline how long after the body is sent the answer's head may take
     * @param stall        how long the peer may take nothing or send nothing (connect, any gap) before the
     *                     call fails
     * @throws HayloftException {@code UNAVAILABLE} when the peer cannot be reached, stalls, misses the
     *                          deadline, or the body broke; {@code BAD_REQUEST} for a URL Vert.x refuses
     */
    public Streamed open(HttpMethod method, String url, Map<String, String> headers, Upload body,
                         Duration headDeadline, Duration stall) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(method).setAbsoluteURI(secure(url)).setIdleTimeout(stall.toMillis());
            headers.forEach(options::putHeader);
            authenticate(options);
        } catch (RuntimeException e) {
            throw new HayloftException(ErrorCode.BAD_REQUEST, "bad peer URL " + url + ": " + e.getMessage(), e);
        }
        CompletableFuture<HttpClientRequest> requested = new CompletableFuture<>();
        CompletableFuture<Streamed> opened = new CompletableFuture<>();
        // Built on the event loop, so the body handlers are set before any buffer is delivered.
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                client.request(options).onComplete(ar -> {
                    if (ar.failed()) {
                        requested.completeExceptionally(ar.cause());
                        opened.completeExceptionally(ar.cause());
                        return;
                    }
                    HttpClientRequest req = ar.result();
                    req.response().onComplete(rr -> {
                        if (rr.failed()) {
                            opened.completeExceptionally(rr.cause());
                            return;
                        }
                        HttpClientResponse response = rr.result();
                        opened.complete(new Streamed(response.statusCode(), response.headers(),
                                BodyInputStream.attach(response, stall, () -> response.request().reset()), () -> { }));
                    });
                    switch (body) {
                        case null -> req.send(); // as send() does: a body-less request that says so
                        case Upload.Whole w -> req.send(w.bytes());
                        case Upload.Streaming s -> {
                            if (s.length() >= 0) {
                                req.putHeader("Content-Length", Long.toString(s.length()));
                            } else {
                                req.setChunked(true);
                            }
                        }
                    }
                    requested.complete(req);
                });
            } catch (RuntimeException e) {
                requested.completeExceptionally(e);
                opened.completeExceptionally(e);
            }
        });
        try {
            if (body instanceof Upload.Streaming s) {
                HttpClientRequest req = requested.get(stall.toMillis() + DEADLINE_SLACK_MS, TimeUnit.MILLISECONDS);
                if (!pump(req, s, opened, stall, url)) {
                    // answered before the whole body went: that connection cannot carry another request
                    Streamed early = opened.get(headDeadline.toMillis() + DEADLINE_SLACK_MS, TimeUnit.MILLISECONDS);
                    return new Streamed(early.status(), early.headers(), early.body(), req::reset);
                }
            }
            return opened.get(headDeadline.toMillis() + DEADLINE_SLACK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            opened.thenAccept(Streamed::close); // an answer arriving later is dropped
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted calling " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            opened.thenAccept(Streamed::close);
            requested.thenAccept(req -> req.reset());
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new HayloftException(ErrorCode.UNAVAILABLE, "cannot reach " + url + ": "
                    + (c instanceof TimeoutException ? "no answer in time" : c), c);
        }
    }

    /**
     * Sends {@code body}'s bytes with backpressure until its end (true), or until the peer answered
     * (false: the request is left unfinished).
     */
    private static boolean pump(HttpClientRequest req, Upload.Streaming body, CompletableFuture<Streamed> answered,
                             Duration stall, String url) throws InterruptedException {
        byte[] buffer = new byte[UPLOAD_BUFFER];
        long sent = 0;
        try {
            while (!answered.isDone()) {
                int n = body.in().read(buffer);
                if (n < 0) {
                    if (body.length() >= 0 && sent != body.length()) {
                        throw new IOException("the body ended after " + sent + " of the " + body.length()
                                + " bytes announced");
                    }
                    req.end();
                    return true;
                }
                sent += n;
                if (body.length() >= 0 && sent > body.length()) {
                    throw new IOException("the body is longer than the " + body.length() + " bytes announced");
                }
                io.vertx.core.Future<Void> written = req.write(Buffer.buffer(java.util.Arrays.copyOf(buffer, n)));
                if (req.writeQueueFull()) {
                    written.toCompletionStage().toCompletableFuture().get(stall.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return false;
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            req.reset();
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new HayloftException(ErrorCode.UNAVAILABLE, "the body sent to " + url + " broke after " + sent
                    + " bytes: " + (c instanceof TimeoutException ? "the peer took nothing for " + stall : c.getMessage()), c);
        }
    }

    /**
     * Blocking form of {@link #send} for virtual threads.
     *
     * @throws HayloftException {@code UNAVAILABLE} when the peer cannot be reached or times out
     */
    public Response call(HttpMethod method, String url, Map<String, String> headers, Buffer body) {
        try {
            return send(method, url, headers, body).get(timeout.toMillis() + 2 * DEADLINE_SLACK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted calling " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            if (c instanceof HayloftException he) {
                throw he;
            }
            throw new HayloftException(ErrorCode.UNAVAILABLE, "cannot reach " + url + ": " + c, c);
        }
    }

    /** {@code url} as sent: {@code https://} instead of {@code http://} with [tls] (every role then listens on HTTPS only). */
    private String secure(String url) {
        return tls != null && url.regionMatches(true, 0, "http://", 0, 7) ? "https://" + url.substring(7) : url;
    }

    /** Adds the internal token, when there is one, unless the caller set the header itself. */
    private void authenticate(RequestOptions options) {
        if (internal != null && (options.getHeaders() == null || !options.getHeaders().contains(InternalTokens.HEADER))) {
            options.putHeader(InternalTokens.HEADER, internal.token());
        }
    }

    public Response get(String url) {
        return call(HttpMethod.GET, url, Map.of(), null);
    }

    /** POSTs {@code value} as JSON. */
    public Response postJson(String url, Object value) {
        return call(HttpMethod.POST, url, Map.of("Content-Type", "application/json"),
                Buffer.buffer(Json.write(value, false)));
    }

    @Override
    public void close() {
        if (tlsWatch >= 0) {
            vertx.cancelTimer(tlsWatch);
        }
        client.close();
    }
}
