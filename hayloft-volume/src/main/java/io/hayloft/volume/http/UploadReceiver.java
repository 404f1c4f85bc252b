package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.volume.transfer.ContentDisposition;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
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
    private HttpServerFileUpload filePart;
    private boolean filePartComplete;

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
            req.setExpectMultipart(true);
            req.uploadHandler(this::onPart);
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
        String ct = ctx.request().getHeader("Content-Type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
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

    private void onPart(HttpServerFileUpload part) {
        if (filePart != null) {
            part.handler(ignored -> { });
            return;
        }
        filePart = part;
        part.handler(this::accept);
        part.exceptionHandler(e -> failure = e);
        part.endHandler(v -> filePartComplete = true);
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
            if (filePart == null && !req.formAttributes().isEmpty()) {
                // a part without filename= (curl -F 'file=<x.txt'): SeaweedFS takes the first part as the file
                var first = req.formAttributes().entries().getFirst();
                byte[] value = first.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (value.length > limit) {
                    Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, tooLargeMessage());
                    return;
                }
                onBody.handle(new UploadBody(value, "", mime(null), pairs));
                return;
            }
            if (filePart == null) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST,
                        "multipart body has no complete file part (send it as -F file=@path)");
                return;
            }
            if (!filePartComplete) {
                Responses.error(ctx, ErrorCode.BAD_REQUEST, "truncated multipart body: the file part never ended");
                return;
            }
            onBody.handle(new UploadBody(data.getBytes(), nullToEmpty(filePart.filename()),
                    mime(filePart.contentType()), pairs));
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

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
