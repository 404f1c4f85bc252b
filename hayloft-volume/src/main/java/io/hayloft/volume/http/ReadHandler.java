package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Blocking;
import io.hayloft.http.MemoryBudget;
import io.hayloft.http.ByteRange;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleSpan;
import io.hayloft.storage.Volume;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.ec.EcVolumes;
import io.hayloft.volume.replication.ReplicaReader;
import io.hayloft.volume.store.Store;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET|HEAD /<fid>}: serves a needle's data. The needle is read whole into memory on a
 * virtual thread and its CRC verified by the volume before any byte is sent, so a corrupt copy
 * answers 500 JSON and never corrupt bytes.
 *
 * <p>Headers: {@code Content-Type} (the needle's mime, else guessed from its name or the URL's
 * extension), {@code Content-Length}, {@code ETag: "<crc32c>"}, {@code Last-Modified},
 * {@code Accept-Ranges: bytes}, {@code Content-Disposition} when it has a name ({@code ?dl=true}
 * makes it an attachment), {@code Seaweed-*} pairs. Conditional and partial requests:
 * {@code If-None-Match} / {@code If-Modified-Since} → 304, {@code Range} → 206 or 416.
 * Wrong cookie, deleted or expired → 404 JSON. When the local copy fails its CRC and the volume has
 * other replicas, the needle is served from a good one ({@link ReplicaReader}). A needle of a volume
 * this server does not hold (it moved, or the client's lookup is stale) is fetched from a server
 * that holds it, found through the master, and served with the same headers, ranges and conditional
 * answers as a local one (a proxied read, SeaweedFS's {@code -readMode=proxy}); 404 only when no
 * replica has it, 503 when no master answers the lookup. {@code type=replicate} (a peer asking)
 * never goes further. A needle of an erasure-coded volume with shards here ({@link EcMount}) is read from
 * the shard holding its bytes (here or on its holder) and rebuilt from any 10 shards when that fails.
 */
final class ReadHandler implements Handler<RoutingContext> {
    private final Store store;
    private final EcVolumes ec;
    private final ReplicaReader replicas;
    private final VolumeMetrics metrics;
    private final MemoryBudget bodies;

    /** @param bodies the server's memory for request content: a large needle waits for room before it is read */
    ReadHandler(Store store, EcVolumes ec, ReplicaReader replicas, VolumeMetrics metrics, MemoryBudget bodies) {
        this.store = store;
        this.ec = ec;
        this.replicas = replicas;
        this.metrics = metrics;
        this.bodies = bodies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Blocking.handle(ctx, this::serve);
    }

    private void serve(RoutingContext ctx) {
        FileIdPath path = FileIdPath.parse(ctx.request().path());
        boolean download = Params.bool(ctx, "dl", false);
        HttpServerResponse r = ctx.response();
        NeedleSpan span = largeLocalNeedle(ctx, path);
        long length = span != null ? span.dataLength() : -1;
        try {
            long sent;
            if (span != null) {
                sent = NeedleResponse.sendSpan(ctx.request(), r, span, path, download);
            } else {
                holdRoomFor(ctx, path);
                Needle needle = read(path, RequestKind.isReplicaCopy(ctx));
                length = needle.data().length;
                sent = NeedleResponse.send(ctx.request(), r, needle, path, download);
            }
            if (sent >= 0) {
                metrics.read(sent);
            }
        } catch (ByteRange.Unsatisfiable e) {
            r.headers().remove("Content-Type").remove("Content-Disposition");
            r.putHeader("Content-Range", "bytes */" + length);
            Responses.error(ctx, 416, e.getMessage() + " (the file has " + length + " bytes)");
        }
    }

    /**
     * A needle of more than {@link UploadHandler#BUDGETED_BODY} bytes in a volume held here, verified in
     * place to be sent from the file ({@link Volume#readSpan}); null for any other read, and for one that
     * fails there (not found, corrupt, the volume closing), which {@link #read} then handles as always
     * (not-found answers, a good replica for a corrupt copy, a proxied read).
     */
    private NeedleSpan largeLocalNeedle(RoutingContext ctx, FileIdPath path) {
        if (ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            return null; // Vert.x's HTTP/2 streams do not send a file region: such a read takes the buffered path
        }
        Optional<Volume> held = store.find(path.fileId().volumeId());
        if (held.isEmpty() || held.get().recordLength(path.fileId().key()) <= UploadHandler.BUDGETED_BODY) {
            return null;
        }
        try {
            return held.get().readSpan(path.fileId().key(), path.fileId().cookie());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A needle read here is held whole on the heap until it is sent: one larger than
     * {@link UploadHandler#BUDGETED_BODY} first waits for room in the server's budget (503 when none comes),
     * released when the response ends or the connection closes.
     */
    private void holdRoomFor(RoutingContext ctx, FileIdPath path) {
        long length = store.find(path.fileId().volumeId()).map(v -> v.recordLength(path.fileId().key())).orElse(-1L);
        if (length > UploadHandler.BUDGETED_BODY) {
            bodies.holdWithin(length);
            ctx.addEndHandler(v -> bodies.release(length));
        }
    }

    private Needle read(FileIdPath path, boolean peerAsking) {
        FileId fid = path.fileId();
        Optional<Volume> held = store.find(fid.volumeId());
        if (held.isEmpty()) {
            Optional<EcMount> coded = ec.find(fid.volumeId());
            if (coded.isPresent()) {
                return coded.get().read(fid.key(), fid.cookie());
            }
            if (peerAsking) {
                throw HayloftException.notFound("volume " + fid.volumeId() + " not found on this server");
            }
            return replicas.readElsewhere(fid).orElseThrow(() -> HayloftException.notFound("volume "
                    + fid.volumeId() + " is not on this server and no server holding it has " + fid));
        }
        Volume volume = held.get();
        try {
            return volume.read(path.fileId().key(), path.fileId().cookie());
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            if (peerAsking || store.find(fid.volumeId()).isPresent()) {
                throw e;
            }
            // The volume was deleted under this read (it moved away): serve it from where it is now.
            return replicas.readElsewhere(fid).orElseThrow(() -> e);
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.CORRUPT) {
                throw e;
            }
            metrics.crcError();
            if (peerAsking) {
                throw e;
            }
            return replicas.readFromPeer(volume, path.fileId()).orElseThrow(() -> e);
        }
    }
}
