package io.hayloft.s3;

import io.hayloft.http.EventLoops;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.HttpFilerAccess;
import io.hayloft.s3.http.InvalidRequests;
import io.hayloft.s3.http.S3RequestHandler;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.object.MultipartUploads;
import io.hayloft.s3.object.ObjectLister;
import io.hayloft.s3.object.Objects;
import io.hayloft.s3.object.LifecycleRunner;
import io.hayloft.s3.object.VersionLister;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running S3 gateway: a Vert.x HTTP server answering the S3 API over a filer. Thread-safe.
 *
 * <pre>
 *   S3 client ─► S3RequestHandler ─► SigV4Verifier, Identities
 *                                 ─► BucketHandlers / ObjectHandlers ─► Buckets, Objects, ObjectLister
 *                                 ─► FilerAccess ─► HttpFilerAccess ─► FilerClient ─► filer HTTP API ─► volume servers
 *                                               └► InProcessFilerAccess ─► the filer's services (same process)
 * </pre>
 */
public final class S3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);

    private final Vertx vertx;
    private final FilerAccess filer;
    private final HttpServer server;
    private final Buckets buckets;
    private final LifecycleRunner lifecycle;
    private final ScheduledExecutorService lifecycleLoop;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3Server(Vertx vertx, HttpServer server, Buckets buckets, FilerAccess filer, LifecycleRunner lifecycle,
                     Duration interval) {
        this.filer = filer;
        this.vertx = vertx;
        this.server = server;
        this.buckets = buckets;
        this.lifecycle = lifecycle;
        if (interval.isZero()) {
            this.lifecycleLoop = null;
        } else {
            this.lifecycleLoop = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("s3-lifecycle")
                    .factory());
            lifecycleLoop.scheduleWithFixedDelay(this::runLifecycle, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void runLifecycle() {
        try {
            LifecycleRunner.Report r = lifecycle.runOnce();
            if (r.expired() + r.noncurrentRemoved() + r.markersRemoved() + r.uploadsAborted() > 0) {
                LOG.info("lifecycle: {} objects expired, {} noncurrent versions and {} delete markers removed, {}"
                        + " uploads aborted", r.expired(), r.noncurrentRemoved(), r.markersRemoved(), r.uploadsAborted());
            }
        } catch (RuntimeException e) {
            LOG.warn("lifecycle round failed: {}", e.toString()); // the next round tries again
        }
    }

    /** The lifecycle job (its {@link LifecycleRunner#runOnce()} is what the gateway's loop runs). */
    public LifecycleRunner lifecycle() {
        return lifecycle;
    }

    /**
     * Starts serving and blocks until listening.
     *
     * @throws IllegalStateException when the port cannot be bound (nothing is left running)
     */
    public static S3Server start(S3Config config) {
        FilerAccess filer = config.filer();
        Buckets buckets = new Buckets(filer);
        Objects objects = new Objects(filer, buckets, config.clock());
        ObjectLister lister = new ObjectLister(filer, buckets);
        VersionLister versionLister = new VersionLister(filer, buckets, lister);
        MultipartUploads uploads = new MultipartUploads(filer, buckets, objects);
        S3RequestHandler handler = S3RequestHandler.create(config.identities(), config.clock(), buckets, objects,
                lister, versionLister, uploads, config.lifecycle().day(), config.addressing());
        LifecycleRunner lifecycle = new LifecycleRunner(buckets, objects, lister, versionLister, uploads,
                config.lifecycle().clock(), config.lifecycle().day());
        Vertx vertx = EventLoops.create();
        HttpServerOptions options = new HttpServerOptions().setHost(config.bindHost()).setPort(config.port())
                .setTcpNoDelay(true).setCompressionSupported(false).setHandle100ContinueAutomatically(true)
                .setHttp2ClearTextEnabled(false) // see HttpServerHandle: a request head's deadline needs it
                .setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS);
        config.tls().ifPresent(t -> t.apply(options));
        try {
            // other HTTP versions are refused as undecodable (an S3 XML 400), not with Vert.x's bare 501
            HttpServer server = vertx.createHttpServer(options).requestHandler(handler)
                    .connectionHandler(c -> {
                        io.hayloft.http.LegacyRequestAdapter.install(c);
                        io.hayloft.http.RequestHeadDeadline.install(c);
                    })
                    .invalidRequestHandler(InvalidRequests::answer)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("S3 gateway on {}:{} over filer {}, {} access keys", config.bindHost(), server.actualPort(),
                    filer.describe(), config.identities().get().size());
            // a renewed certificate is served from the next connection on; the timer ends with vertx
            config.tls().ifPresent(t -> t.watch(vertx, changed -> server.updateSSLOptions(changed.serverOptions(), true)));
            return new S3Server(vertx, server, buckets, filer, lifecycle, config.lifecycle().interval());
        } catch (Exception e) {
            buckets.close();
            closeHttpFiler(filer);
            vertx.close();
            throw new IllegalStateException("cannot listen on " + config.bindHost() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** Releases an HTTP filer access's client and Vert.x instance (an in-process access is the filer's). */
    private static void closeHttpFiler(FilerAccess filer) {
        if (filer instanceof HttpFilerAccess http) {
            http.close();
        }
    }

    /** Stops listening, releases the HTTP filer access, and closes Vert.x. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (lifecycleLoop != null) {
            lifecycleLoop.shutdownNow();
        }
        buckets.close();
        closeHttpFiler(filer);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
        }
    }
}
