package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ContentDisposition;
import io.hayloft.volume.transfer.LimitedBody;
import io.hayloft.volume.transfer.NeedleTransfer;
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
 * One instance per request; confined to the request's event loop.
 */
final class UploadReceiver implements LimitedBody.Chunks {
    /** Multipart framing adds boundaries and part headers to the file's bytes. */
    private static final long MULTIPART_ALLOWANCE = 64 * 1024;

    private final RoutingContext ctx;
    private final long limit;
    private final Handler<UploadBody> onBody;
    private final Buffer data = Buffer.buffer();
    /** Parses multipart bodies (not Vert.x's decoder: see {@link MultipartParser} for why); null for raw ones. */
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
        boolean multipart = isMultipart();
        Optional<LimitedBody> body = LimitedBody.open(ctx, limit + (multipart ? MULTIPART_ALLOWANCE : 0),
                "the upload body", "file is larger than the upload limit of " + limit + " bytes");
        if (body.isEmpty()) {
            return;
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

    private boolean isMultipart() {
        return MultipartParser.isMultipart(ctx.request().getHeader("Content-Type"));
    }

    @Override
    public boolean accept(Buffer chunk) {
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
