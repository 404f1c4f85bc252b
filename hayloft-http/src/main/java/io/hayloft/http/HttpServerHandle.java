package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * A running Vert.x HTTP server. Installs a JSON 404 for unknown routes, a failure handler that
 * maps exceptions to JSON errors, and in front of the router {@link RequestGate} (bad escapes, no
 * Host) and {@link MalformedRequests#answerInvalid} (what Netty cannot decode), so every request
 * gets an answer, no request can kill the server, and every refusal is JSON.
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
                .setCompressionSupported(false)
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        try {
            HttpServer s = vertx.createHttpServer(options)
                    .connectionHandler(LegacyRequestAdapter::install)
                    .invalidRequestHandler(MalformedRequests::answerInvalid)
                    .requestHandler(new RequestGate(router))
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
