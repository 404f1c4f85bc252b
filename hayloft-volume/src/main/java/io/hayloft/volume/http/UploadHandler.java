package io.hayloft.volume.http;

import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.http.Blocking;
import io.hayloft.http.MemoryBudget;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.Needle;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.store.Store;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST|PUT /<fid>}: stores the uploaded file as a needle on every replica and answers
 * 201 {@code {"name","size","eTag"}} with {@code ETag: "<eTag>"}.
 *
 * <p>Query: {@code ttl} (needle TTL; default the volume's), {@code ts} (last-modified, unix seconds;
 * default now), {@code type=replicate} (a peer's copy: stored here only), {@code cm} (SeaweedFS's
 * chunk-manifest flag; accepted). Header {@code Content-MD5} (base64) is checked against the data.
 * The body is read on the event loop ({@link UploadReceiver}). A small upload that is one local
 * append with nothing to wait for (no other replica, no fsync, the volume free this instant:
 * {@link ReplicatedWriter#tryWriteLocally}) is stored right there, since handing it to a virtual
 * thread and back cost more CPU than the append; a small upload to a replicated volume whose replicas
 * are known is sent to them and appended here from the event loop too, answered when every copy is
 * stored ({@link ReplicatedWriter#tryWriteReplicated}); every other write runs on a virtual thread.
 */
final class UploadHandler implements io.vertx.core.Handler<RoutingContext> {
    /**
     * What SeaweedFS's clients send to an upload URL: {@code ttl}, {@code ts}, {@code cm},
     * {@code type=replicate}, {@code fsync} (the filer appends it; every write here is durable as
     * configured), {@code jwt} (the fid's write token, checked before this handler runs: {@code FidAuth}), and the
     * assign's {@code collection} and {@code replication} (the volume's own win). Anything else is a 400.
     */
    static final java.util.Set<String> PARAMS = java.util.Set.of("ttl", "ts", "cm", "type", "fsync", "jwt",
            "collection", "replication");

    private final Store store;
    private final ReplicatedWriter writer;
    private final VolumeMetrics metrics;
    private final Clock clock;
    private final long fileSizeLimit;

    /** @param bodies the server's memory for request content, which a large body takes room in before it is read */
    private final MemoryBudget bodies;

    UploadHandler(Store store, ReplicatedWriter writer, VolumeMetrics metrics, Clock clock, long fileSizeLimit,
                  MemoryBudget bodies) {
        this.bodies = bodies;
        this.store = store;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.fileSizeLimit = fileSizeLimit;
    }

    /** Uploads up to this size may be stored on the event loop (MD5 and the append take microseconds). */
    static final int EVENT_LOOP_WRITE_LIMIT = 64 * 1024;
    /** Bodies (and needles read) larger than this take room in the server's {@link MemoryBudget} first. */
    static final int BUDGETED_BODY = 1 << 20;

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        UploadReceiver.receive(ctx, fileSizeLimit, bodies, body -> {
            if (body.data().length > EVENT_LOOP_WRITE_LIMIT) {
                Blocking.handle(ctx, c -> store(c, prepare(c, body), start));
                return;
            }
            try {
                Upload upload = prepare(ctx, body);
                WriteResult done = writer.tryWriteLocally(upload.fid(), upload.needle(), upload.replicaCopy());
                if (done != null) {
                    answer(ctx, upload, done, start);
                    return;
                }
                CompletableFuture<WriteResult> replicated = upload.replicaCopy() ? null
                        : writer.tryWriteReplicated(upload.fid(), upload.needle());
                if (replicated != null) {
                    replicated.whenComplete((result, failure) -> {
                        if (failure == null) {
                            answer(ctx, upload, result, start);
                        } else {
                            Responses.fail(ctx, failure instanceof CompletionException c && c.getCause() != null
                                    ? c.getCause() : failure);
                        }
                    });
                } else {
                    Blocking.handle(ctx, c -> store(c, upload, start));
                }
            } catch (RuntimeException e) {
                Responses.fail(ctx, e);
            }
        });
    }

    /** A checked upload, ready to be written. */
    private record Upload(FileId fid, Needle needle, String name, boolean replicaCopy) {
    }

    /** Validates the request and builds the needle; no I/O. */
    private Upload prepare(RoutingContext ctx, UploadBody body) {
        Params.allowOnly(ctx, PARAMS);
        FileIdPath path = FileIdPath.parse(ctx.request().path());
        boolean replicaCopy = RequestKind.isReplicaCopy(ctx);
        Ttl ttl = Ttl.parse(Params.string(ctx, "ttl", ""));
        long ts = Params.longParam(ctx, "ts", 0, 0, Long.MAX_VALUE / 1000);
        // cm (chunk manifest) is validated for SeaweedFS clients; manifests are resolved by the filer, not here
        Params.bool(ctx, "cm", false);
        checkMd5(ctx.request().getHeader("Content-MD5"), body.data());
        if (ttl.isNone()) {
            ttl = store.volume(path.fileId().volumeId()).ttl();
        }
        String name = !body.fileName().isEmpty() ? body.fileName()
                : path.fileName().map(n -> URLDecoder.decode(n.replace("+", "%2B"), StandardCharsets.UTF_8)).orElse("");
        long lastModified = ts > 0 ? ts : clock.instant().getEpochSecond();
        Needle needle = Needle.of(path.fileId().key(), path.fileId().cookie(), body.data())
                .withName(name)
                .withMime(body.mime())
                .withLastModified(lastModified)
                .withTtl(ttl)
                .withPairs(body.pairs());
        return new Upload(path.fileId(), needle, name, replicaCopy);
    }

    private void store(RoutingContext ctx, Upload upload, long start) {
        answer(ctx, upload, writer.write(upload.fid(), upload.needle(), upload.replicaCopy()), start);
    }

    private void answer(RoutingContext ctx, Upload upload, WriteResult result, long start) {
        int size = upload.needle().data().length;
        metrics.written(size, System.nanoTime() - start);
        ctx.response().putHeader("ETag", "\"" + result.eTag() + "\"");
        Responses.json(ctx, 201, new UploadResponse(upload.name(), size, result.eTag()));
    }

    /** Checks a {@code Content-MD5} header (base64 of the MD5 of the data), when present. */
    static void checkMd5(String header, byte[] data) {
        if (header == null || header.isBlank()) {
            return;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("Content-MD5 is not base64: '" + header + "'");
        }
        byte[] actual;
        try {
            actual = MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
        HayloftException.checkArgument(MessageDigest.isEqual(expected, actual),
                "Content-MD5 mismatch: the body's MD5 is " + Base64.getEncoder().encodeToString(actual)
                        + ", the header says " + header.trim());
    }
}
