package io.hayloft.volume.http;

import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.http.FidAuth;
import io.hayloft.http.Metrics;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.ec.EcVolumes;
import io.hayloft.volume.store.Store;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The volume server's request handler in front of its router: answers the plain small read itself,
 * on the event loop, and passes every other request to the router untouched.
 *
 * <p>Served here: {@code GET} or {@code HEAD}, no query string, a path {@link FidSyntax} accepts, a
 * volume held on this server and a live record of at most {@link #MAX_RECORD_BYTES} whose cookie
 * matches and which has not expired. The record is read and its CRC checked exactly as the
 * {@link ReadHandler} does ({@code Volume.read}), and the answer is written by the same
 * {@link NeedleResponse}, so status, headers and body are the router's byte for byte; only the
 * hand-offs are gone (router dispatch, a virtual thread per request, the write back to the event
 * loop). A positional read of a few KiB is what nginx does on its event loop too; larger records,
 * and everything unusual (a query such as {@code ?dl=true} or {@code ?type=replicate}, a missing,
 * deleted, expired, wrong-cookie or corrupt needle, a volume held elsewhere, an unsatisfiable
 * {@code Range}), go to the router, whose {@link ReadHandler} answers and counts them as before.
 * A needle of an erasure-coded volume is served here too when its record lies wholly in a shard held on
 * this server (one positional read, its CRC checked, {@link EcMount#readHeldHere}); a needle in a shard
 * held elsewhere, or one that needs a rebuild, goes to the router, which fetches or rebuilds it.
 * Reads are not white-list guarded, so nothing here bypasses the guard; with signed reads a read is served
 * here only with a valid token, and the router refuses the others.
 *
 * <p>Threading: called on the connection's event loop; {@link Store} and {@link Volume} reads are
 * thread-safe. Failure: any exception before the first response byte passes the request to the
 * router, which then answers it.
 */
public final class FastReadPath implements Handler<HttpServerRequest> {
    /** Largest {@code .dat} record read on the event loop: larger ones go to a virtual thread. */
    public static final long MAX_RECORD_BYTES = 64 * 1024;

    private final Store store;
    private final EcVolumes ec;
    private final Metrics httpMetrics;
    private final VolumeMetrics metrics;
    private final FidAuth reads;
    private final Handler<HttpServerRequest> router;

    /**
     * @param store       the volumes read from
     * @param ec          the erasure-coded volumes with shards here: a needle wholly in a shard held here is read here
     * @param httpMetrics where requests served here are timed ({@code hayloft_http_requests}, as the router does)
     * @param metrics     the volume server's meters, shared with its router
     * @param reads       what a read must show when reads are signed; a read without it goes to the router, which refuses it
     * @param router      the handler of every request not served here
     */
    public FastReadPath(Store store, EcVolumes ec, Metrics httpMetrics, VolumeMetrics metrics, FidAuth reads,
                        Handler<HttpServerRequest> router) {
        this.reads = reads;
        this.store = store;
        this.ec = ec;
        this.httpMetrics = httpMetrics;
        this.metrics = metrics;
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest req) {
        if (!serve(req)) {
            router.handle(req);
        }
    }

    /** Answers {@code req} if it is a plain small read; false (nothing sent) otherwise. */
    private boolean serve(HttpServerRequest req) {
        HttpMethod method = req.method();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || req.query() != null) {
            return false;
        }
        String rawPath = req.path();
        if (!FidSyntax.isPlainFid(rawPath)) {
            return false;
        }
        long start = System.nanoTime();
        FileIdPath path;
        Needle needle;
        try {
            path = FileIdPath.parse(rawPath);
            FileId fid = path.fileId();
            if (reads.required() && !reads.permits(req, fid)) {
                return false;
            }
            Volume volume = store.find(fid.volumeId()).orElse(null);
            needle = volume == null ? readCoded(fid) : readReplicated(volume, fid);
        } catch (RuntimeException e) {
            return false;
        }
        if (needle == null) {
            return false;
        }
        if (!NeedleResponse.rangeSatisfiable(req, needle)) {
            return false;
        }
        HttpServerResponse response = req.response();
        long sent = NeedleResponse.send(req, response, needle, path, false);
        if (sent >= 0) {
            metrics.read(sent);
        }
        metrics.fastRead();
        httpMetrics.recordRequest(method, response.getStatusCode(), System.nanoTime() - start);
        return true;
    }

    /** The needle of a small record of {@code volume}, or null when it is larger or absent. */
    private static Needle readReplicated(Volume volume, FileId fid) {
        long recordLength = volume.recordLength(fid.key());
        if (recordLength < 0 || recordLength > MAX_RECORD_BYTES) {
            return null;
        }
        return volume.read(fid.key(), fid.cookie());
    }

    /** The needle of an erasure-coded volume when one read of a shard held here serves it; else null. */
    private Needle readCoded(FileId fid) {
        EcMount coded = ec.find(fid.volumeId()).orElse(null);
        return coded == null ? null : coded.readHeldHere(fid.key(), fid.cookie(), (int) MAX_RECORD_BYTES);
    }
}
