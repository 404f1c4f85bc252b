package io.hayloft.volume.transfer;

import io.hayloft.api.ErrorCode;
import io.hayloft.http.ExpectContinue;
import io.hayloft.http.MalformedRequests;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Reads a request body on the event loop, without blocking, refusing more than a byte limit twice:
 * on {@code Content-Length} before reading ({@link #open}: 413, and an HTTP/1 connection is closed
 * once answered, so the unread body is never parsed as a request) and on the bytes received while
 * streaming (413 once the body ended). A malformed {@code Content-Length}, a chunk the
 * {@link Chunks} reject or a broken stream is 400. What the bytes become is the {@link Chunks}'
 * business: the upload handler parses multipart bodies, the sync endpoints take a raw needle
 * record ({@link #readBytes}). One instance per request; confined to the request's event loop.
 */
public final class LimitedBody {
    /** Consumes the chunks of a {@link LimitedBody}; called on the request's event loop. */
    public interface Chunks {
        /**
         * Takes the next chunk; never called again once the body is too large or failed.
         *
         * @return false when the body is now too large by a measure of the consumer's own (a
         *         multipart body's file part)
         * @throws RuntimeException when the bytes are malformed: the body is then answered 400
         */
        boolean accept(Buffer chunk);

        /** The body ended within the limit and unbroken: hand it on, or answer its error. */
        void end();
    }

    private final RoutingContext ctx;
    private final long maxBytes;
    private final String what;
    private final String tooLargeMessage;
    private long received;
    private boolean tooLarge;
    private Throwable failure;

    private LimitedBody(RoutingContext ctx, long maxBytes, String what, String tooLargeMessage) {
        this.ctx = ctx;
        this.maxBytes = maxBytes;
        this.what = what;
        this.tooLargeMessage = tooLargeMessage;
    }

    /**
     * Checks the request's {@code Content-Length} against {@code maxBytes} and answers
     * {@code Expect: 100-continue}; call on the request's event loop, then {@link #read}.
     *
     * @param what            names the body in the 400 answer ({@code "cannot read <what>: ..."})
     * @param tooLargeMessage the 413 answer's message
     * @return the body to read; empty when the request was already answered (400 or 413)
     */
    public static Optional<LimitedBody> open(RoutingContext ctx, long maxBytes, String what, String tooLargeMessage) {
        HttpServerRequest req = ctx.request();
        String declared = req.getHeader("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST, "invalid Content-Length '" + declared + "'");
                return Optional.empty();
            }
            if (length > maxBytes) {
                Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage);
                if (req.version() != HttpVersion.HTTP_2) {
                    ctx.response().endHandler(v -> req.connection().close());
                }
                return Optional.empty();
            }
        }
        ExpectContinue.accept(req);
        return Optional.of(new LimitedBody(ctx, maxBytes, what, tooLargeMessage));
    }

    /**
     * Reads the whole raw body of {@code ctx}'s request into memory; call on its event loop.
     *
     * @param onBody called on the event loop with the whole body (not called when an error was answered)
     */
    public static void readBytes(RoutingContext ctx, long maxBytes, String what, String tooLargeMessage,
                                 Handler<byte[]> onBody) {
        open(ctx, maxBytes, what, tooLargeMessage).ifPresent(body -> {
            Buffer data = Buffer.buffer();
            body.read(new Chunks() {
                @Override
                public boolean accept(Buffer chunk) {
                    data.appendBuffer(chunk);
                    return true;
                }

                @Override
                public void end() {
                    onBody.handle(data.getBytes());
                }
            });
        });
    }

    /** Streams the body into {@code chunks}, then answers 413 or 400 or hands over to {@link Chunks#end}. */
    public void read(Chunks chunks) {
        HttpServerRequest req = ctx.request();
        req.exceptionHandler(e -> {
            failure = e;
            if (MalformedRequests.isDecodeFailure(e)) {
                Responses.fail(ctx, e); // no end will come: answer the broken framing now
            }
        });
        req.handler(chunk -> accept(chunks, chunk));
        req.endHandler(v -> finish(chunks));
        req.resume();
    }

    private void accept(Chunks chunks, Buffer chunk) {
        received += chunk.length();
        if (received > maxBytes) {
            tooLarge = true;
        }
        if (tooLarge || failure != null) {
            return;
        }
        try {
            if (!chunks.accept(chunk)) {
                tooLarge = true;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void finish(Chunks chunks) {
        if (tooLarge) {
            Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage);
        } else if (failure instanceof io.hayloft.api.HayloftException h && h.code() == ErrorCode.UNAVAILABLE) {
            Responses.fail(ctx, h); // no room to hold the body: 503 with Retry-After, not the client's fault
        } else if (failure != null) {
            Responses.error(ctx, ErrorCode.BAD_REQUEST, "cannot read " + what + ": " + failure.getMessage());
        } else {
            chunks.end();
        }
    }
}
