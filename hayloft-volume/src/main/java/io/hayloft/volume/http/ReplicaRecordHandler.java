package io.hayloft.volume.http;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.DeleteResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.Volume;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.transfer.LimitedBody;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * {@code POST /internal/needle/replicate?fid=<fid>} ({@link NeedleTransfer}): appends a peer's needle
 * record here exactly as the peer appended it. The fid is parsed and its volume looked up before the
 * body is read; the body must be at most the record of a {@code fileSizeLimit} upload (413) and
 * exactly one valid record of that fid (layout, CRC-32C, key and cookie: 400). A live record is
 * stored with {@link Volume#appendRecord} (201 {@code {"name","size","eTag"}}), a tombstone with
 * {@link Volume#appendTombstone} (202 {@code {"size"}}); the volume's own checks answer 409 (another
 * cookie, read-only or full) and 404 (unknown volume, a tombstone of an absent needle). A record of at
 * most {@link UploadHandler#EVENT_LOOP_WRITE_LIMIT} bytes of data is appended on the event loop when the
 * volume is free that instant ({@link Volume#tryAppendRecord}); everything else runs on a virtual thread.
 */
final class ReplicaRecordHandler implements Handler<RoutingContext> {
    private static final Set<String> PARAMS = VolumeApi.REPLICATE_RECORD.params();

    private final Store store;
    private final VolumeMetrics metrics;
    private final long maxRecordBytes;

    /** @param fileSizeLimit largest upload this server accepts, bytes; bounds the record's data */
    ReplicaRecordHandler(Store store, VolumeMetrics metrics, long fileSizeLimit) {
        this.store = store;
        this.metrics = metrics;
        this.maxRecordBytes = NeedleRecord.maxLength(fileSizeLimit);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        FileId fid;
        Volume volume;
        try {
            Params.allowOnly(ctx, PARAMS);
            String text = Params.string(ctx, NeedleTransfer.FID_PARAM, "");
            HayloftException.checkArgument(!text.isEmpty(), "parameter 'fid' is required");
            fid = FileId.parse(text);
            volume = store.volume(fid.volumeId());
        } catch (RuntimeException e) {
            Responses.fail(ctx, e);
            return;
        }
        LimitedBody.readBytes(ctx, maxRecordBytes, "the needle record",
                "a needle record is at most " + maxRecordBytes + " bytes here (-fileSizeLimitMB)", body -> {
            try {
                NeedleRecord record = NeedleRecord.parse(ByteBuffer.wrap(body), fid.key(), fid.cookie());
                if (record.tombstone()) {
                    Blocking.handle(ctx, c -> deleted(c, volume.appendTombstone(record)));
                    return;
                }
                WriteResult done = record.dataSize() <= UploadHandler.EVENT_LOOP_WRITE_LIMIT
                        ? volume.tryAppendRecord(record) : null;
                if (done != null) {
                    stored(ctx, record, done, start);
                } else {
                    Blocking.handle(ctx, c -> stored(c, record, volume.appendRecord(record), start));
                }
            } catch (RuntimeException e) {
                Responses.fail(ctx, e);
            }
        });
    }

    private void stored(RoutingContext ctx, NeedleRecord record, WriteResult result, long start) {
        metrics.written(record.dataSize(), System.nanoTime() - start);
        ctx.response().putHeader("ETag", "\"" + result.eTag() + "\"");
        Responses.json(ctx, 201, new UploadResponse(record.name(), record.dataSize(), result.eTag()));
    }

    private void deleted(RoutingContext ctx, long size) {
        metrics.deleted();
        Responses.json(ctx, 202, new DeleteResponse(size));
    }
}
