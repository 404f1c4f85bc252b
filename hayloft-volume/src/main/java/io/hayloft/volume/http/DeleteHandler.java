package io.hayloft.volume.http;

import io.hayloft.api.FileIdPath;
import io.hayloft.api.wire.DeleteResponse;
import io.hayloft.http.Blocking;
import io.hayloft.http.Responses;
import io.hayloft.volume.ec.EcNeedleDeletes;
import io.hayloft.volume.ec.EcVolumes;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.store.Store;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /<fid>}: deletes the needle on every replica and answers 202 {@code {"size":N}};
 * 404 when it is not there. {@code type=replicate} deletes here only. A needle of an erasure-coded volume
 * is journaled on every server holding its shards ({@link EcNeedleDeletes}). Runs on a virtual thread.
 */
final class DeleteHandler implements Handler<RoutingContext> {
    private final Store store;
    private final EcVolumes ec;
    private final EcNeedleDeletes ecDeletes;
    private final ReplicatedWriter writer;
    private final VolumeMetrics metrics;

    DeleteHandler(Store store, EcVolumes ec, EcNeedleDeletes ecDeletes, ReplicatedWriter writer,
                  VolumeMetrics metrics) {
        this.store = store;
        this.ec = ec;
        this.ecDeletes = ecDeletes;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            FileIdPath path = FileIdPath.parse(c.request().path());
            boolean coded = store.find(path.fileId().volumeId()).isEmpty()
                    && ec.find(path.fileId().volumeId()).isPresent();
            long size = coded ? ecDeletes.delete(path.fileId(), RequestKind.isReplicaCopy(c))
                    : writer.delete(path.fileId(), RequestKind.isReplicaCopy(c));
            metrics.deleted();
            Responses.json(c, 202, new DeleteResponse(size));
        });
    }
}
