package io.hayloft.filer.http;

import io.hayloft.api.wire.FilerApi;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.http.Params;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /path[?recursive=true]}: removes a file, an empty directory, or with
 * {@code recursive=true} a directory and everything in it → 204. Its chunks go onto the deletion
 * queue in the same commit. Runs on a virtual thread.
 */
final class DeleteHandler {
    private final Namespace namespace;

    DeleteHandler(Namespace namespace) {
        this.namespace = namespace;
    }

    void handle(RoutingContext ctx) {
        Params.allowOnly(ctx, FilerApi.DELETE_ENTRY.params());
        boolean recursive = Params.bool(ctx, "recursive", false);
        namespace.delete(RequestPath.parse(ctx.request().path()).path(), recursive);
        ctx.response().setStatusCode(204).end();
    }
}
