package io.hayloft.filer.http;

import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.FilerApi;
import io.hayloft.api.wire.FilerStatusResponse;
import io.hayloft.filer.chunk.ChunkReader;
import io.hayloft.filer.chunk.DirectChunkPool;
import io.hayloft.filer.chunk.FileUploader;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.deletion.DeletionCollector;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.rules.PathRules;
import io.hayloft.http.Blocking;
import io.hayloft.http.EndpointRoutes;
import io.hayloft.http.Metrics;
import io.hayloft.http.Responses;
import io.hayloft.http.ui.UiPage;
import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The filer's HTTP API as a Vert.x router, in SeaweedFS's manner:
 * <pre>
 *   GET  /status   {"Version","Masters","DeletedChunks","FailedChunkDeletes"}     GET /metrics  Prometheus
 *   GET|HEAD /path          ReadHandler    file bytes, or a directory listing (JSON / HTML);
 *                                          a browser (Accept prefers text/html) gets the file browser
 *                                          (filer.html, filer.js) for a directory;
 *                                          ?metadata=true: the entry as JSON
 *   POST|PUT /path          WriteHandler   upload (raw or multipart), /dir/ = mkdir, ?mv.from= = rename
 *   DELETE   /path          DeleteHandler  ?recursive=true for non-empty directories
 * </pre>
 * Every handler but the body intake runs on a virtual thread; none blocks an event loop.
 */
public final class FilerRoutes {
    /**
     * Chunk-sized direct buffers kept for reads (and so resident): the two a download has in flight (one
     * being sent while the next is read); more downloads allocate beyond that. Kept buffers count against
     * the JVM's direct memory limit ({@code -XX:MaxDirectMemorySize=64m} in {@code bin/hayloft}, which
     * Netty's own buffers share), so no more are kept than one download needs.
     */
    static final int KEPT_READ_BUFFERS = 2;

    private FilerRoutes() {
    }

    /**
     * Builds the router.
     *
     * @param defaults  collection, replication, TTL and chunk size when a request and its path rule name none
     * @param rules     per path prefix settings, applied when a request names none
     * @param collector reports its counters on {@code /status} and {@code /metrics}
     * @param masters   the masters this filer writes through, for {@code /status}
     */
    public static Router create(Vertx vertx, Namespace namespace, FileUploader uploader, ChunkReader reader,
                                DeletionCollector collector, Metrics metrics, StoragePolicy defaults,
                                int chunkSize, PathRules rules, List<String> masters) {
        Router router = Router.router(vertx);
        metrics.install(router);
        FunctionCounter.builder("hayloft_filer_chunks_deleted", collector, DeletionCollector::deletedCount)
                .register(metrics.registry());
        FunctionCounter.builder("hayloft_filer_chunk_delete_failures", collector, DeletionCollector::failedCount)
                .register(metrics.registry());
        router.get(FilerApi.STATUS.path()).handler(ctx -> Responses.json(ctx, 200,
                new FilerStatusResponse("hayloft", masters, collector.deletedCount(), collector.failedCount())));
        ReadHandler read = new ReadHandler(namespace, reader,
                new DirectChunkPool(KEPT_READ_BUFFERS * ((long) chunkSize + DirectChunkPool.MIN_POOLED)),
                UiPage.load(FilerRoutes.class, "filer.html", List.of("filer.js")));
        entries(router, FilerApi.READ, Blocking.handler(read::handle));
        WriteHandler write = new WriteHandler(namespace, uploader, new WriteHandler.Defaults(defaults, chunkSize, rules));
        entries(router, FilerApi.WRITE, write);
        DeleteHandler delete = new DeleteHandler(namespace);
        entries(router, FilerApi.DELETE_ENTRY, Blocking.handler(delete::handle));
        return router;
    }

    /** Every path, with each method {@code endpoint} answers, to {@code handler}. */
    private static void entries(Router router, Endpoint endpoint, Handler<RoutingContext> handler) {
        for (HttpMethod method : EndpointRoutes.methods(endpoint)) {
            router.route(method, "/*").handler(handler);
        }
    }
}
