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
 * connection's event loop). Every error body is {@code {"error","code"}} (and {@code "leader"} when
 * known), see {@link ErrorResponse}.
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /**
     * True when the request asked for indented JSON ({@code ?pretty=y}, {@code ?pretty=true}). Never
     * throws: a query that cannot be decoded is not pretty (this runs on the error path too).
     */
    public static boolean pretty(RoutingContext ctx) {
        String p;
        try {
            p = ctx.request().getParam("pretty");
        } catch (RuntimeException e) {
            return false;
        }
        return p != null && !p.isEmpty() && !p.equals("n") && !p.equals("false") && !p.equals("0");
    }

    /** Sends {@code body} as JSON with the given status. */
    public static void json(RoutingContext ctx, int status, Object body) {
        send(ctx.response(), status, body, pretty(ctx));
    }

    /** Sends {@code body} as JSON on a bare response (no router), unless it was already sent. */
    static void send(HttpServerResponse r, int status, Object body, boolean pretty) {
        byte[] bytes = Json.write(body, pretty);
        if (r.ended() || r.closed() || r.headWritten()) {
            return;
        }
        r.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
    }

    /** Sends {@code {"error": message, "code": code}} with the status of {@code code}. */
    public static void error(RoutingContext ctx, ErrorCode code, String message) {
        json(ctx, code.httpStatus(), new ErrorResponse(message == null ? "error" : message, code));
    }

    /**
     * Sends {@code {"error": message, "code": ...}} with an explicit status; the code is the one the
     * status stands for ({@link ErrorCode#fromStatus}).
     */
    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new ErrorResponse(message == null ? "error" : message, ErrorCode.fromStatus(status).name(), null));
    }

    /**
     * Answers a domain failure without logging it (for callers that log on their own terms): its
     * status, {@code Retry-After: 1} when {@code UNAVAILABLE}, and {@code {"error","code","leader"}}.
     */
    public static void answer(RoutingContext ctx, HayloftException he) {
        if (he.code() == ErrorCode.UNAVAILABLE && !ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", "1");
        }
        json(ctx, he.code().httpStatus(), new ErrorResponse(he.getMessage() == null ? "error" : he.getMessage(),
                he.code().name(), he.leader().orElse(null)));
    }

    /**
     * Maps any failure to a JSON error: domain codes to their status (with the leader hint when the
     * failure has one), a request the HTTP decoder could not read (a bad chunked encoding, say) to
     * 400, anything else to 500.
     */
    public static void fail(RoutingContext ctx, Throwable t) {
        Throwable cause = unwrap(t);
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            // the client closed its connection (or reset its request) mid-way: nobody to answer, nothing wrong here
            LOG.debug("{} {}: the client closed the connection: {}", ctx.request().method(), ctx.request().uri(),
                    cause.toString());
            return;
        }
        if (response.ended() || response.headWritten()) {
            // too late for an error answer: the client has its status already. A body cut short must not
            // look whole nor leave the client waiting for the rest, so the connection goes.
            LOG.warn("{} {} failed after its answer started: {}", ctx.request().method(), ctx.request().uri(),
                    String.valueOf(cause));
            LOG.debug("{} {} failed after its answer started", ctx.request().method(), ctx.request().uri(), cause);
            if (!response.ended() && !response.closed()) {
                response.reset();
            }
            return;
        }
        if (cause instanceof HayloftException he) {
            if (he.code().httpStatus() >= 500) {
                LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().uri(), he.getMessage());
                LOG.debug("{} {} failed", ctx.request().method(), ctx.request().uri(), he);
            }
            answer(ctx, he);
        } else if (MalformedRequests.isDecodeFailure(t)) {
            if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                ctx.response().putHeader("Connection", "close");
            }
            error(ctx, ErrorCode.BAD_REQUEST, "malformed request: " + MalformedRequests.describe(t));
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
