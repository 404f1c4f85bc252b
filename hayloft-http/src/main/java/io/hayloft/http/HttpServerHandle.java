package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A running Vert.x HTTP server. Installs a JSON 404 for unknown routes and a failure handler that
 * maps exceptions to JSON errors, so no request can kill the server.
 */
public final class HttpServerHandle implements AutoCloseable {
    private final HttpServer server;

    private HttpServerHandle(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code router} and blocks until listening.
     *
     * @param port 0 for an ephemeral port; see {@link #port()}
     * @throws IllegalStateException if the port cannot be bound
     */
    public static HttpServerHandle start(Vertx vertx, String host, int port, Router router) {
        return start(vertx, host, port, router, r -> r);
    }

    /**
     * Starts serving {@code router} behind a front handler and blocks until listening.
     *
     * @param front given the router (with the JSON 404 and failure handlers installed), returns the
     *              server's request handler: one that answers some requests itself before the router
     *              (a fast path) and passes every other request to it
     * @param port  0 for an ephemeral port; see {@link #port()}
     * @throws IllegalStateException if the port cannot be bound
     */
    public static HttpServerHandle start(Vertx vertx, String host, int port, Router router,
                                         UnaryOperator<Handler<HttpServerRequest>> front) {
        router.route().last().handler(ctx -> Responses.error(ctx, ErrorCode.NOT_FOUND,
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
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
                .setCompressionSupported(false)
                // no WebSockets: without these Netty puts an extension handler on every request's path
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        try {
            HttpServer s = vertx.createHttpServer(options).requestHandler(front.apply(router))
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new HttpServerHandle(s);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing is best effort: the port is released when the process exits
        }
    }
}
