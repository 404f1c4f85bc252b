package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ContentDisposition;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.http.MultipartParser;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an upload's body on the event loop, without blocking, into an {@link UploadBody}:
 * the first file part of a {@code multipart/form-data} body ({@code curl -F file=@x}), or the
 * whole raw body otherwise. Enforces the size limit twice: on {@code Content-Length} before
 * reading, and on the bytes actually received while streaming. Answers 413 for oversized bodies
 * and 400 for truncated or file-less multipart bodies itself; otherwise hands the body on.
 * One instance per request; confined to the request's event loop.
 */
final class UploadReceiver {
    private final RoutingContext ctx;
    private final long limit;
    private final Handler<UploadBody> onBody;
    private final Buffer data = Buffer.buffer();
    private long received;
    private boolean tooLarge;
    private Throwable failure;
    /** Parses multipart bodies (not Vert.x's decoder: see {@link MultipartParser} for why). */
    private MultipartParser parser;
    private final FirstFilePart firstFile = new FirstFilePart();

    private UploadReceiver(RoutingContext ctx, long limit, Handler<UploadBody> onBody) {
        this.ctx = ctx;
        this.limit = limit;
        this.onBody = onBody;
    }

    /**
     * Starts reading the body of {@code ctx}'s request; call on its event loop.
     *
     * @param limit  largest accepted file, bytes
     * @param onBody called on the event loop with the complete body (not called when an error was answered)
     */
    static void receive(RoutingContext ctx, long limit, Handler<UploadBody> onBody) {
        new UploadReceiver(ctx, limit, onBody).start();
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
            if (length > limit + multipartAllowance()) {
                rejectEarly();
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        req.exceptionHandler(e -> failure = e);
        if (isMultipart()) {
            try {
                parser = MultipartParser.forContentType(req.getHeader("Content-Type"), firstFile);
            } catch (HayloftException e) {
                Responses.fail(ctx, e);
                return;
            }
            req.handler(this::onMultipartChunk);
        } else {
            req.handler(this::onRawChunk);
        }
        req.endHandler(v -> finish());
        req.resume();
    }

    /** Multipart framing adds boundaries and part headers to the file's bytes. */
    private long multipartAllowance() {
        return isMultipart() ? 64 * 1024 : 0;
    }

    private boolean isMultipart() {
        return MultipartParser.isMultipart(ctx.request().getHeader("Content-Type"));
    }

    private void rejectEarly() {
        HttpServerRequest req = ctx.request();
        Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage());
        if (req.version() != HttpVersion.HTTP_2) {
            ctx.response().endHandler(v -> req.connection().close());
        }
    }

    private String tooLargeMessage() {
        return "file is larger than the upload limit of " + limit + " bytes";
    }

    private void onRawChunk(Buffer chunk) {
        accept(chunk);
    }

    private void onMultipartChunk(Buffer chunk) {
        received += chunk.length();
        if (received > limit + multipartAllowance()) {
            tooLarge = true;
        }
        if (tooLarge || failure != null) {
            return;
        }
        try {
            parser.feed(chunk);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (firstFile.size() > limit) {
            tooLarge = true;
        }
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
            return;
        }
        if (failure != null) {
            Responses.error(ctx, ErrorCode.BAD_REQUEST, "cannot read the upload body: " + failure.getMessage());
            return;
        }
        HttpServerRequest req = ctx.request();
        Map<String, String> pairs = pairs(req);
        if (isMultipart()) {
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
            onBody.handle(new UploadBody(data.getBytes(), name, mime(req.getHeader("Content-Type")), pairs));
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
