package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A running Vert.x HTTP server. Installs a JSON 404 for unknown routes, a failure handler that
 * maps exceptions to JSON errors, and in front of the router {@link RequestGate} (bad escapes, no
 * Host) and {@link MalformedRequests#answerInvalid} (what Netty cannot decode), so every request
 * gets an answer, no request can kill the server, and every refusal is JSON.
 */
public final class HttpServerHandle implements AutoCloseable {
    /**
     * The largest piece a request body is handed over in: Netty's decoder otherwise cuts every body into
     * pieces of 8 KiB (Vert.x's default), each copied, queued and handed to the body's reader on its own
     * (32,768 of them per 256 MiB upload); with this a piece is what one socket read returned (up to the
     * read buffer's 64 KiB). No memory is held for it: a piece is a view of the read buffer.
     */
    static final int MAX_BODY_PIECE = 256 << 10;

    private final Vertx vertx;
    private final String deployment;
    private final List<HttpServer> servers;
    /** The timer that reloads changed TLS files, or -1. */
    private final long tlsWatch;

    private HttpServerHandle(Vertx vertx, String deployment, List<HttpServer> servers, long tlsWatch) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.servers = servers;
        this.tlsWatch = tlsWatch;
    }

    /**
     * Starts serving {@code router} and blocks until listening.
     *
     * @param port 0 for an ephemeral port; see {@link #port()}
     * @throws IllegalStateException if the port cannot be bound
     */
    public static HttpServerHandle start(Vertx vertx, String host, int port, Router router) {
        return start(vertx, host, port, router, r -> r, 1);
    }

    /**
     * Starts serving {@code router} behind a front handler and blocks until listening.
     *
     * @param front given the router (with the JSON 404 and failure handlers installed), returns the
     *              server's request handler: one that answers some requests itself before the router
     *              (a fast path) and passes every other request to it
     * @param port      0 for an ephemeral port; see {@link #port()}
     * @param instances how many event loops serve the port: a server started outside a verticle is
     *                  bound to one event loop, which is enough when handlers only hand work to
     *                  virtual threads, not when the front handler does the work on the loop itself
     *                  (Vert.x spreads connections over the instances); the front handler and the
     *                  router are then called on several loops at once and must be thread-safe
     * @throws IllegalStateException if the port cannot be bound
     */
    public static HttpServerHandle start(Vertx vertx, String host, int port, Router router,
                                         UnaryOperator<Handler<HttpServerRequest>> front, int instances) {
        return start(vertx, host, port, router, front, instances, Optional.empty());
    }

    /**
     * {@link #start(Vertx, String, int, Router, UnaryOperator, int)} serving HTTPS with {@code tls} when present
     * ({@code security.toml}'s {@code [tls]}); a changed certificate or key is served from the next connection on,
     * without a restart.
     */
    public static HttpServerHandle start(Vertx vertx, String host, int port, Router router,
                                         UnaryOperator<Handler<HttpServerRequest>> front, int instances,
                                         Optional<ServerTls> tls) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        router.route().last().handler(ctx -> Responses.error(ctx, ErrorCode.NOT_FOUND,
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, ctx -> {
                if (ctx.failure() != null) {
                    Responses.fail(ctx, ctx.failure());
                } else {
                    Responses.error(ctx, status, status == 405 ? "method not allowed: " + ctx.request().method()
                            : status == 413 ? "request body too large" : "request failed (" + status + ")");
                }
            });
        }
        router.route().failureHandler(ctx -> {
            if (ctx.failure() != null) {
                Responses.fail(ctx, ctx.failure());
            } else {
                int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
                Responses.error(ctx, status, status == 413 ? "request body too large" : "request failed");
            }
        });
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxChunkSize(MAX_BODY_PIECE)
                .setCompressionSupported(false)
                // no WebSockets: without these Netty puts an extension handler on every request's path
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // no cleartext HTTP/2 (h2c): with it Vert.x holds a connection's set-up until its first request
                // head has arrived, so RequestHeadDeadline could not time that head; HTTP/2 over TLS stays
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        tls.ifPresent(t -> t.apply(options));
        // the gate first (bad escapes, no Host), then the front's fast path, then the router
        Handler<HttpServerRequest> gated = new RequestGate(front.apply(router));
        Queue<HttpServer> servers = new ConcurrentLinkedQueue<>();
        try {
            // instances of one deployment share the port (an ephemeral one too), each on its own event loop
            String deployment = vertx.deployVerticle(() -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    return vertx.createHttpServer(options)
                            .connectionHandler(c -> {
                                LegacyRequestAdapter.install(c);
                                RequestHeadDeadline.install(c);
                            })
                            .invalidRequestHandler(MalformedRequests::answerInvalid)
                            .requestHandler(gated)
                            .listen().onSuccess(servers::add);
                }
            }, new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<HttpServer> listening = List.copyOf(servers);
            long watch = tls.map(t -> t.watch(vertx, changed -> listening.forEach(
                    s -> s.updateSSLOptions(changed.serverOptions(), true)))).orElse(-1L);
            return new HttpServerHandle(vertx, deployment, listening, watch);
        } catch (Exception e) {
            // a failed deployment is undeployed by Vert.x, which closes the instances that did listen
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return servers.getFirst().actualPort();
    }

    @Override
    public void close() {
        if (tlsWatch >= 0) {
            vertx.cancelTimer(tlsWatch);
        }
        try {
            // undeploying closes the servers its instances started
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the port is released when the process exits
        }
    }
}
