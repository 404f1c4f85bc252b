package io.hayloft.volume.sync;

import io.hayloft.api.ErrorCode;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the raw body of a {@code POST /admin/volume/needle} (one needle record) on the event loop,
 * without blocking, refusing more than {@link #MAX_BYTES}: on {@code Content-Length} before reading
 * and on the bytes received while streaming (413). One instance per request; confined to the
 * request's event loop.
 */
final class RecordBody {
    /** The largest needle record a volume can hold: records are read into one array (see NeedleCodec). */
    static final long MAX_BYTES = Integer.MAX_VALUE & ~7L;

    private final RoutingContext ctx;
    private final long limit;
    private final Handler<byte[]> onBody;
    private final Buffer data = Buffer.buffer();
    private long received;
    private boolean tooLarge;
    private Throwable failure;

    private RecordBody(RoutingContext ctx, long limit, Handler<byte[]> onBody) {
        this.ctx = ctx;
        this.limit = limit;
        this.onBody = onBody;
    }

    /**
     * Starts reading the body of {@code ctx}'s request; call on its event loop.
     *
     * @param limit  largest accepted body, bytes
     * @param onBody called on the event loop with the whole body (not called when an error was answered)
     */
    static void receive(RoutingContext ctx, long limit, Handler<byte[]> onBody) {
        new RecordBody(ctx, limit, onBody).start();
    }

    private void start() {
        HttpServerRequest req = ctx.request();
        String declared = req.getHeader("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST, "invalid Content-Length '" + declared + "'");
                return;
            }
            if (length > limit) {
                Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage());
                if (req.version() != HttpVersion.HTTP_2) {
                    ctx.response().endHandler(v -> req.connection().close());
                }
                return;
            }
        }
        req.exceptionHandler(e -> failure = e);
        req.handler(this::accept);
        req.endHandler(v -> finish());
        req.resume();
    }

    private void accept(Buffer chunk) {
        received += chunk.length();
        if (received > limit) {
            tooLarge = true;
        }
        if (!tooLarge) {
            data.appendBuffer(chunk);
        }
    }

    private void finish() {
        if (tooLarge) {
            Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage());
        } else if (failure != null) {
            Responses.error(ctx, ErrorCode.BAD_REQUEST, "cannot read the needle record: " + failure.getMessage());
        } else {
            onBody.handle(data.getBytes());
        }
    }

    private String tooLargeMessage() {
        return "a needle record is at most " + limit + " bytes";
    }
}
