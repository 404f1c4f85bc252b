package io.hayloft.volume.http;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.Volume;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.transfer.LimitedBody;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.volume.transfer.RecordBatchWire;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /internal/needle/batch} ({@link NeedleTransfer}): appends several peer records, of any
 * volumes, each as {@link ReplicaRecordHandler} would on its own, and answers every record's outcome in
 * one 200. The body must be at most {@link NeedleTransfer#BATCH_MAX_BYTES} (413) and frames back to back
 * ({@link RecordBatchWire}), every one valid (else 400 and nothing is appended). A record of a volume not
 * held here (404) or over this server's record limit ({@code -fileSizeLimitMB}, 413) is refused alone, in
 * its result. Small records are appended on the event loop while their volume is free; from the first one
 * that would wait, the rest run in order on a virtual thread.
 */
final class ReplicaBatchHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaBatchHandler.class);
    private static final Set<String> PARAMS = VolumeApi.REPLICATE_BATCH.params();

    private final Store store;
    private final VolumeMetrics metrics;
    private final long maxRecordBytes;

    /** @param fileSizeLimit largest upload this server accepts, bytes; bounds each record's data */
    ReplicaBatchHandler(Store store, VolumeMetrics metrics, long fileSizeLimit) {
        this.store = store;
        this.metrics = metrics;
        this.maxRecordBytes = NeedleRecord.maxLength(fileSizeLimit);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        try {
            Params.allowOnly(ctx, PARAMS);
        } catch (RuntimeException e) {
            Responses.fail(ctx, e);
            return;
        }
        LimitedBody.readBytes(ctx, NeedleTransfer.BATCH_MAX_BYTES, "the needle records",
                "a batch of needle records is at most " + NeedleTransfer.BATCH_MAX_BYTES + " bytes", body -> {
            try {
                List<RecordBatchWire.Frame> frames = RecordBatchWire.parse(ByteBuffer.wrap(body));
                RecordBatchWire.Result[] results = new RecordBatchWire.Result[frames.size()];
                int done = 0;
                while (done < frames.size()) {
                    RecordBatchWire.Result r = tryOnLoop(frames.get(done));
                    if (r == null) {
                        break;
                    }
                    results[done++] = r;
                }
                if (done == frames.size()) {
                    answer(ctx, results, frames, start);
                    return;
                }
                int from = done;
                Blocking.handle(ctx, c -> {
                    for (int i = from; i < frames.size(); i++) {
                        results[i] = append(frames.get(i));
                    }
                    answer(c, results, frames, start);
                });
            } catch (RuntimeException e) {
                Responses.fail(ctx, e);
            }
        });
    }

    /** One record on the event loop: its result, or null when it would wait (a tombstone, a busy volume). */
    private RecordBatchWire.Result tryOnLoop(RecordBatchWire.Frame frame) {
        NeedleRecord record = frame.record();
        if (record.tombstone() || record.dataSize() > UploadHandler.EVENT_LOOP_WRITE_LIMIT) {
            return null;
        }
        if (record.length() > maxRecordBytes) {
            return tooLarge();
        }
        try {
            WriteResult w = store.volume(frame.volume()).tryAppendRecord(record);
            return w == null ? null : stored(record, w);
        } catch (RuntimeException e) {
            return failed(record, e);
        }
    }

    /** One record, blocking: appended (or its tombstone), or the refusal as its result. */
    private RecordBatchWire.Result append(RecordBatchWire.Frame frame) {
        NeedleRecord record = frame.record();
        if (record.length() > maxRecordBytes) {
            return tooLarge();
        }
        try {
            Volume volume = store.volume(frame.volume());
            if (record.tombstone()) {
                long size = volume.appendTombstone(record);
                metrics.deleted();
                return new RecordBatchWire.Result(202, null, null, size, null);
            }
            return stored(record, volume.appendRecord(record));
        } catch (RuntimeException e) {
            return failed(record, e);
        }
    }

    private RecordBatchWire.Result tooLarge() {
        return new RecordBatchWire.Result(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus(), ErrorCode.PAYLOAD_TOO_LARGE.name(),
                "a needle record is at most " + maxRecordBytes + " bytes here (-fileSizeLimitMB)", null, null);
    }

    private static RecordBatchWire.Result stored(NeedleRecord record, WriteResult w) {
        return new RecordBatchWire.Result(201, null, null, (long) record.dataSize(), w.eTag());
    }

    private static RecordBatchWire.Result failed(NeedleRecord record, RuntimeException e) {
        if (e instanceof HayloftException he) {
            return new RecordBatchWire.Result(he.code().httpStatus(), he.code().name(), he.getMessage(), null, null);
        }
        LOG.error("appending the peer record {} failed", record, e);
        return new RecordBatchWire.Result(500, ErrorCode.INTERNAL.name(), "internal error: " + e, null, null);
    }

    private void answer(RoutingContext ctx, RecordBatchWire.Result[] results, List<RecordBatchWire.Frame> frames, long start) {
        long each = (System.nanoTime() - start) / frames.size();
        for (int i = 0; i < results.length; i++) {
            if (results[i].status() == 201) {
                metrics.written(frames.get(i).record().dataSize(), each);
            }
        }
        Responses.json(ctx, 200, new RecordBatchWire.Response(Arrays.asList(results)));
    }
}
