package io.hayloft.volume.http;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Blocking;
import io.hayloft.http.ByteRange;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.replication.ReplicaReader;
import io.hayloft.volume.store.Store;
import io.hayloft.api.ContentDisposition;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
 * never goes further.
 */
final class ReadHandler implements Handler<RoutingContext> {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Store store;
    private final ReplicaReader replicas;
    private final VolumeMetrics metrics;

    ReadHandler(Store store, ReplicaReader replicas, VolumeMetrics metrics) {
        this.store = store;
        this.replicas = replicas;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Blocking.handle(ctx, this::serve);
    }

    private void serve(RoutingContext ctx) {
        FileIdPath path = FileIdPath.parse(ctx.request().path());
        boolean download = Params.bool(ctx, "dl", false);
        Needle needle = read(path, RequestKind.isReplicaCopy(ctx));
        String eTag = "\"" + needle.eTag() + "\"";
        long lastModified = needle.lastModified() > 0 ? needle.lastModified() : needle.appendAtNs() / 1_000_000_000L;
        HttpServerResponse r = ctx.response();
        r.putHeader("ETag", eTag);
        r.putHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(lastModified)));
        r.putHeader("Accept-Ranges", "bytes");
        if (notModified(ctx, needle.eTag(), lastModified)) {
            r.setStatusCode(304).end();
            return;
        }
        String name = needle.name() == null ? "" : needle.name();
        r.putHeader("Content-Type", contentType(needle, name, path));
        if (!name.isEmpty() || download) {
            String shown = !name.isEmpty() ? name : path.fileName().orElse(path.fileId() + path.extension().orElse(""));
            r.putHeader("Content-Disposition", ContentDisposition.format(download ? "attachment" : "inline", shown));
        }
        if (needle.pairs() != null) {
            needle.pairs().forEach((k, v) -> r.putHeader(NeedleTransfer.PAIR_PREFIX + k, v));
        }
        byte[] data = needle.data();
        long start = 0;
        long length = data.length;
        try {
            Optional<ByteRange> range = ByteRange.parse(ctx.request().getHeader("Range"), data.length);
            if (range.isPresent()) {
                start = range.get().start();
                length = range.get().length();
                r.setStatusCode(206).putHeader("Content-Range", range.get().contentRange(data.length));
            }
        } catch (ByteRange.Unsatisfiable e) {
            r.headers().remove("Content-Type").remove("Content-Disposition");
            r.putHeader("Content-Range", "bytes */" + data.length);
            Responses.error(ctx, 416, e.getMessage() + " (the file has " + data.length + " bytes)");
            return;
        }
        r.putHeader("Content-Length", Long.toString(length));
        metrics.read(length);
        if (ctx.request().method() == HttpMethod.HEAD) {
            r.end();
        } else {
            r.end(Buffer.buffer(data).slice((int) start, (int) (start + length)));
        }
    }

    private Needle read(FileIdPath path, boolean peerAsking) {
        FileId fid = path.fileId();
        Optional<Volume> held = store.find(fid.volumeId());
        if (held.isEmpty()) {
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

    /** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent. */
    private static boolean notModified(RoutingContext ctx, String eTag, long lastModified) {
        String inm = ctx.request().getHeader("If-None-Match");
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.replace("\"", "").equals(eTag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = ctx.request().getHeader("If-Modified-Since");
        if (ims == null) {
            return false;
        }
        try {
            return lastModified <= HTTP_DATE.parse(ims.trim(), Instant::from).getEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String contentType(Needle needle, String name, FileIdPath path) {
        if (needle.mime() != null && !needle.mime().isEmpty()) {
            return needle.mime();
        }
        return MimeTypes.guess(name)
                .or(() -> path.extension().flatMap(MimeTypes::guess))
                .orElse(NeedleTransfer.OCTET_STREAM);
    }
}
