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
import io.micrometer.core.instrument.Gauge;
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
     * Chunk-sized read buffers kept for reuse (and so resident): the two a download has in flight (one
     * being sent while the next is read).
     */
    static final int KEPT_READ_BUFFERS = 2;
    /**
     * Chunk-sized read buffers out at once, whatever the number of downloads: four downloads each get one
     * (two at full overlap), a fifth waits for one to come free ({@link DirectChunkPool}). With 8 MiB
     * chunks that is 36 MiB of native memory at most, outside {@code -XX:MaxDirectMemorySize}.
     */
    static final int READ_BUFFERS = 4;
    /** How long a download waits for a read buffer before it is answered 503. */
    static final java.time.Duration READ_BUFFER_WAIT = java.time.Duration.ofSeconds(30);

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
        DirectChunkPool readBuffers = new DirectChunkPool(KEPT_READ_BUFFERS * ((long) chunkSize + DirectChunkPool.MIN_POOLED),
                READ_BUFFERS * ((long) chunkSize + DirectChunkPool.MIN_POOLED), READ_BUFFER_WAIT);
        Gauge.builder("hayloft_filer_read_buffer_bytes", readBuffers, DirectChunkPool::usedBytes)
                .description("native memory of chunk read buffers out now (on loan and kept)").baseUnit("bytes")
                .register(metrics.registry());
        Gauge.builder("hayloft_filer_read_buffer_peak_bytes", readBuffers, DirectChunkPool::peakBytes)
                .description("the most native memory chunk read buffers ever had out at once").baseUnit("bytes")
                .register(metrics.registry());
        Gauge.builder("hayloft_filer_read_buffer_limit_bytes", readBuffers, DirectChunkPool::limitBytes)
                .description("the bound on chunk read buffers; a download waits for room beyond it").baseUnit("bytes")
                .register(metrics.registry());
        ReadHandler read = new ReadHandler(namespace, reader, readBuffers,
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
