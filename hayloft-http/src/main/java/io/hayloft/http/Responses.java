package io.hayloft.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.ErrorResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes JSON answers and errors. Safe to call from any thread (Vert.x hands the write to the
 * connection's event loop).
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** True when the request asked for indented JSON ({@code ?pretty=y}, {@code ?pretty=true}). */
    public static boolean pretty(RoutingContext ctx) {
        String p = ctx.request().getParam("pretty");
        return p != null && !p.isEmpty() && !p.equals("n") && !p.equals("false") && !p.equals("0");
    }

    /** Sends {@code body} as JSON with the given status. */
    public static void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes = Json.write(body, pretty(ctx));
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
    }

    /** Sends {@code {"error": message}} with the status of {@code code}. */
    public static void error(RoutingContext ctx, ErrorCode code, String message) {
        error(ctx, code.httpStatus(), message);
    }

    /** Sends {@code {"error": message}} with an explicit status. */
    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new ErrorResponse(message == null ? "error" : message));
    }

    /** Maps any failure to a JSON error: domain codes to their status, anything else to 500. */
    public static void fail(RoutingContext ctx, Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof HayloftException he) {
            if (he.code() == ErrorCode.UNAVAILABLE) {
                ctx.response().putHeader("Retry-After", "1");
            }
            if (he.code().httpStatus() >= 500) {
                LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().uri(), he.getMessage(), he);
            }
            error(ctx, he.code(), he.getMessage());
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().uri(), cause);
            error(ctx, ErrorCode.INTERNAL, "internal error: " + cause);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
