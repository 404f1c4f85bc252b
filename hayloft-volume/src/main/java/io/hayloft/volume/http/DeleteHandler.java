package io.hayloft.volume.http;

import io.hayloft.api.FileIdPath;
import io.hayloft.api.wire.DeleteResponse;
import io.hayloft.http.Blocking;
import io.hayloft.http.Responses;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /<fid>}: deletes the needle on every replica and answers 202 {@code {"size":N}};
 * 404 when it is not there. {@code type=replicate} deletes here only. Runs on a virtual thread.
 */
final class DeleteHandler implements Handler<RoutingContext> {
    private final ReplicatedWriter writer;
    private final VolumeMetrics metrics;

    DeleteHandler(ReplicatedWriter writer, VolumeMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            FileIdPath path = FileIdPath.parse(c.request().path());
            long size = writer.delete(path.fileId(), RequestKind.isReplicaCopy(c));
            metrics.deleted();
            Responses.json(c, 202, new DeleteResponse(size));
        });
    }
}
