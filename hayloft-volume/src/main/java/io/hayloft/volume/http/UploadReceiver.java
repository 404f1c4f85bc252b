package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ContentDisposition;
import io.hayloft.volume.transfer.LimitedBody;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.http.MemoryBudget;
import io.hayloft.http.MultipartParser;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an upload's body on the event loop, without blocking, into an {@link UploadBody}:
 * the first file part of a {@code multipart/form-data} body ({@code curl -F file=@x}), or the
 * whole raw body otherwise. The size limit is enforced by {@link LimitedBody} (on
 * {@code Content-Length} and on the bytes received, with an allowance for multipart framing) and
 * on the file part itself. Answers 413 for oversized bodies and 400 for truncated or file-less
 * multipart bodies itself; otherwise hands the body on.
 *
 * <p>Memory: a body larger than {@link UploadHandler#BUDGETED_BODY} takes room in the server's
 * {@link MemoryBudget} before it is read (its {@code Content-Length}, or as it arrives when it has none)
 * and gives it back when the response ends or the connection closes; with no room the upload is answered
 * 503 with {@code Retry-After} and the connection closed, nothing stored. A raw body of known length is
 * received into one array of that length, not a growing buffer copied at the end.
 * One instance per request; confined to the request's event loop.
 */
final class UploadReceiver implements LimitedBody.Chunks {
    /** Multipart framing adds boundaries and part headers to the file's bytes. */
    private static final long MULTIPART_ALLOWANCE = 64 * 1024;

    private final RoutingContext ctx;
    private final long limit;
    private final Handler<UploadBody> onBody;
    private final MemoryBudget budget;
    private Buffer data = Buffer.buffer();
    /** A raw body of known length, received in place (null otherwise), and how much of it came. */
    private byte[] raw;
    private int rawFilled;
    /** Bytes of {@link #budget} this request holds. */
    private long held;
    /** Parses multipart bodies (not Vert.x's decoder: see {@link MultipartParser} for why); null for raw ones. */
    private MultipartParser parser;
    private final FirstFilePart firstFile = new FirstFilePart();

    private UploadReceiver(RoutingContext ctx, long limit, MemoryBudget budget, Handler<UploadBody> onBody) {
        this.ctx = ctx;
        this.limit = limit;
        this.budget = budget;
        this.onBody = onBody;
    }

    /**
     * Starts reading the body of {@code ctx}'s request; call on its event loop.
     *
     * @param limit  largest accepted file, bytes
     * @param budget the server's memory for large bodies
     * @param onBody called on the event loop with the complete body (not called when an error was answered)
     */
    static void receive(RoutingContext ctx, long limit, MemoryBudget budget, Handler<UploadBody> onBody) {
        new UploadReceiver(ctx, limit, budget, onBody).start();
    }

    private void start() {
        boolean multipart = isMultipart();
        Optional<LimitedBody> body = LimitedBody.open(ctx, limit + (multipart ? MULTIPART_ALLOWANCE : 0),
                "the upload body", "file is larger than the upload limit of " + limit + " bytes");
        if (body.isEmpty()) {
            return;
        }
        ctx.addEndHandler(v -> budget.release(held));
        long declared = declaredLength();
        if (declared > UploadHandler.BUDGETED_BODY) {
            if (!take(declared)) {
                refuseForMemory();
                return;
            }
            if (!multipart) {
                raw = new byte[(int) declared];
            }
        }
        if (multipart) {
            try {
                parser = MultipartParser.forContentType(ctx.request().getHeader("Content-Type"), firstFile);
            } catch (HayloftException e) {
                Responses.fail(ctx, e);
                return;
            }
        }
        body.get().read(this);
    }

    /** The request's {@code Content-Length} (already checked by {@link LimitedBody}), or -1 without one. */
    private long declaredLength() {
        String declared = ctx.request().getHeader("Content-Length");
        return declared == null ? -1 : Long.parseLong(declared.trim());
    }

    /** Takes {@code bytes} more of the budget for this request; false when there is no room. */
    private boolean take(long bytes) {
        if (!budget.tryHold(bytes)) {
            return false;
        }
        held += bytes;
        return true;
    }

    private void refuseForMemory() {
        Responses.fail(ctx, new HayloftException(ErrorCode.UNAVAILABLE, "this volume server is holding as many large "
                + "upload bodies as its memory allows (" + budget.limit() + " bytes); retry"));
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().endHandler(v -> ctx.request().connection().close()); // stop the body still coming
        }
    }

    private boolean isMultipart() {
        return MultipartParser.isMultipart(ctx.request().getHeader("Content-Type"));
    }

    @Override
    public boolean accept(Buffer chunk) {
        if (raw != null) {
            if (rawFilled + chunk.length() > raw.length) {
                throw HayloftException.badRequest("more bytes than the Content-Length of " + raw.length);
            }
            chunk.getBytes(0, chunk.length(), raw, rawFilled);
            rawFilled += chunk.length();
            return true;
        }
        long after = (parser == null ? data.length() : firstFile.size()) + chunk.length();
        if (after > UploadHandler.BUDGETED_BODY && after > held && !take(after - held)) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "this volume server is holding as many large "
                    + "upload bodies as its memory allows (" + budget.limit() + " bytes); retry");
        }
        if (parser == null) {
            data.appendBuffer(chunk);
            return true;
        }
        try {
            parser.feed(chunk);
        } catch (RuntimeException e) {
            if (firstFile.size() > limit) {
                return false; // too large wins over malformed: 413, as before the parser failed
            }
            throw e;
        }
        return firstFile.size() <= limit;
    }

    @Override
    public void end() {
        HttpServerRequest req = ctx.request();
        Map<String, String> pairs = pairs(req);
        if (parser != null) {
            if (!parser.isComplete()) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST, "truncated multipart body: the closing boundary never came");
                return;
            }
            if (!firstFile.found()) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST,
                        "multipart body has no complete file part (send it as -F file=@path)");
                return;
            }
            onBody.handle(new UploadBody(firstFile.data().getBytes(), firstFile.fileName(),
                    mime(firstFile.contentType()), pairs));
        } else {
            String name = ContentDisposition.fileName(req.getHeader("Content-Disposition")).orElse("");
            byte[] bytes;
            if (raw != null) {
                if (rawFilled != raw.length) {
                    Responses.error(ctx, ErrorCode.BAD_REQUEST, "the body ended after " + rawFilled
                            + " bytes of its Content-Length of " + raw.length);
                    return;
                }
                bytes = raw;
            } else {
                bytes = data.getBytes();
            }
            data = null;
            onBody.handle(new UploadBody(bytes, name, mime(req.getHeader("Content-Type")), pairs));
        }
    }

    private static Map<String, String> pairs(HttpServerRequest req) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int prefix = NeedleTransfer.PAIR_PREFIX.length();
        req.headers().forEach(h -> {
            if (h.getKey().length() > prefix && h.getKey().regionMatches(true, 0, NeedleTransfer.PAIR_PREFIX, 0, prefix)) {
                pairs.put(h.getKey().substring(prefix), h.getValue());
            }
        });
        return pairs;
    }

    private static String mime(String contentType) {
        if (contentType == null || contentType.isBlank()
                || contentType.toLowerCase(Locale.ROOT).startsWith(NeedleTransfer.OCTET_STREAM)) {
            return "";
        }
        return contentType.trim();
    }

}
