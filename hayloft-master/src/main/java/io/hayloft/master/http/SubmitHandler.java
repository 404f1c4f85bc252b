package io.hayloft.master.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.SubmitResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.http.Blocking;
import io.hayloft.http.ExpectContinue;
import io.hayloft.http.Params;
import io.hayloft.http.PeerClient;
import io.hayloft.http.Responses;
import io.hayloft.master.assign.AssignRequest;
import io.hayloft.master.assign.Assignment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /submit}: assign, then forward the upload body unchanged (multipart or raw, with its
 * Content-Type) to the assigned volume server (with the fid's token when writes are signed), and answer 201
 * {@code {fileName,fid,fileUrl,size,eTag}}. A volume server error is passed through with its status.
 *
 * <pre>
 *   body (event loop, ≤ limit) ─► virtual thread: assign ─► POST http://url/fid ─► 201 / pass-through
 * </pre>
 */
final class SubmitHandler {
    /** Largest body {@code /submit} accepts. */
    static final long MAX_BODY = 256L * 1024 * 1024;
    /** Assignments tried when volume servers answer that the assigned volume is full. */
    private static final int MAX_ATTEMPTS = 3;

    private final MasterContext master;
    private final LeaderProxy proxy;
    private final long maxBody;

    SubmitHandler(MasterContext master, LeaderProxy proxy, long maxBody) {
        this.master = master;
        this.proxy = proxy;
        this.maxBody = maxBody;
    }

    /** Route handler: collects the body on the event loop, then submits on a virtual thread. */
    void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > maxBody) {
            Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body too large: limit is " + maxBody + " bytes");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBody) {
                tooLarge[0] = true;
                Responses.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body too large: limit is " + maxBody + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(ctx::fail);
        ExpectContinue.accept(req);
        req.endHandler(v -> {
            if (!tooLarge[0]) {
                Blocking.handle(ctx, c -> submit(c, body));
            }
        });
        req.resume();
    }

    private void submit(RoutingContext ctx, Buffer body) {
        Params.allowOnly(ctx, RequestParams.SUBMIT);
        HayloftException.checkArgument(body.length() > 0, "submit needs a file: use multipart form field 'file'");
        if (proxy.forward(ctx, body)) {
            return;
        }
        AssignRequest request = RequestParams.notAcceptable(() -> new AssignRequest(
                RequestParams.layoutKey(ctx, master.config().defaultReplication()), 1,
                RequestParams.constraint(ctx), 0));
        Map<String, String> headers = new HashMap<>();
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        String ttl = request.key().ttl().toString();
        for (int attempt = 1; ; attempt++) {
            Assignment a = master.assigner().assign(request);
            String fid = a.fid().toString();
            master.config().security().write()
                    .ifPresent(t -> headers.put("Authorization", "Bearer " + t.mint(a.fid(), 1)));
            PeerClient.Response r = master.peers().call(HttpMethod.POST,
                    VolumeApi.BLOB.at(fid).paramIfSet(VolumeApi.TTL, ttl).url(a.location().url()), headers, body);
            if (!r.ok() && r.errorCode() == ErrorCode.VOLUME_NOT_WRITABLE && attempt < MAX_ATTEMPTS) {
                // the volume is read-only or full: stop assigning it, try another. A CONFLICT on this fresh
                // fid (its key holds another cookie: a key handed out twice) is passed on, never retried
                master.topology().markReadOnly(a.fid().volumeId(), a.location().url());
                continue;
            }
            if (r.status() != 201 && r.status() != 200) {
                String type = r.headers().get("Content-Type");
                ctx.response().setStatusCode(r.status())
                        .putHeader("Content-Type", type == null ? "application/json" : type)
                        .end(r.body());
                return;
            }
            UploadResponse upload = r.json(UploadResponse.class);
            Responses.json(ctx, 201, new SubmitResponse(upload.name(), fid, a.location().publicUrl() + "/" + fid,
                    upload.size(), upload.eTag()));
            return;
        }
    }
}
