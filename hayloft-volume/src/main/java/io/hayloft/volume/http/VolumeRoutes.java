package io.hayloft.volume.http;

import io.hayloft.http.EndpointRoutes;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.volume.master.Reconciliation;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;
import io.hayloft.http.MemoryBudget;
import io.hayloft.http.Metrics;
import io.hayloft.volume.copy.CopySender;
import io.hayloft.volume.copy.VolumeCopier;
import io.hayloft.volume.replication.ReplicaReader;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.vacuum.VolumeVacuum;
import io.hayloft.volume.sync.ReplicaSync;
import io.hayloft.volume.sync.SyncRoutes;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The volume server's HTTP API as a Vert.x router:
 * <pre>
 *   GET  /status                  StatusHandler         GET  /metrics   Prometheus
 *   POST /admin/volume/allocate   AdminHandler          POST /admin/volume/delete
 *   GET  /admin/volume/copy       AdminHandler  ──► CopySender (stream a volume out)
 *   POST /admin/volume/copy       AdminHandler  ──► VolumeCopier (pull a volume in)
 *   POST /admin/volume/mark       AdminHandler          (persistent read-only mark)
 *   POST /admin/volume/vacuum     VacuumHandler         GET  /admin/volume/garbage
 *   /admin/volume/sync[/digest|/entries], /admin/volume/needle   SyncRoutes ──► ReplicaSync
 *   POST /internal/needle/replicate?fid=   ReplicaRecordHandler (a peer's record, appended as it is)
 *   POST /internal/needle/batch?volume=    ReplicaBatchHandler  (several, one result each)
 *   /admin/ec/{encode,copy,file,delete,rebuild,decode,compact,commit,status}, /internal/ec/{shard,delete}   EcHandlers ──► EcVolumes, EcShardCopier
 *   GET  /ec/shardmap?volume=     EcHandlers     (which shard holds which needle keys; public, like a read)
 *   GET|HEAD /&lt;fid&gt;              ReadHandler    ──► EcMount (erasure-coded) | ReplicaReader (local copy corrupt, or volume not held here)
 *   POST|PUT /&lt;fid&gt;              UploadHandler  ──► ReplicatedWriter ──► peers
 *   DELETE   /&lt;fid&gt;              DeleteHandler  ──► ReplicatedWriter ──► peers
 * </pre>
 * Every {@code /admin/} and {@code /internal/} call (reads included) and every write is guarded by the white list: the guard is
 * the first handler of each such route, so it runs whatever spelling of the path the router matched. With
 * {@code security.toml}, {@code /admin/} and {@code /internal/} calls also need the internal token, uploads and
 * deletes a write token for their fid, and, with signed reads, reads a read token ({@link VolumeAccess}); 401
 * otherwise, nothing changed.
 */
public final class VolumeRoutes {
    private VolumeRoutes() {
    }

    /** How long a read of a large needle waits for room in the body memory before it is answered 503. */
    static final java.time.Duration BODY_MEMORY_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * Builds the router. Handlers never block the event loop.
     *
     * @param volumesChanged called after the master allocated or deleted a volume
     * @param fileSizeLimit  largest accepted upload, bytes
     * @param access         who may POST, PUT and DELETE (uploads, replica copies, deletes, admin) and read
     * @param reconciliation the last registration check against the master, for {@code /status}
     * @param copier         pulls volumes from other servers ({@code POST /admin/volume/copy})
     * @param sync           compares and repairs replicas ({@code /admin/volume/sync}, {@code /admin/volume/needle})
     * @param ec             erasure-coded volumes: shards held here, copies, rebuilds and deletes ({@code /admin/ec/*},
     *                       {@code /internal/ec/*}, and reads and deletes of their needles)
     * @param bodyMemory     bytes of large upload bodies and needles read held at once (one alone may exceed it)
     */
    public static Router create(Vertx vertx, Store store, ReplicatedWriter writer, ReplicaReader replicas,
                                Metrics metrics, VolumeMetrics volumeMetrics, Runnable volumesChanged, Clock clock, long fileSizeLimit,
                                VolumeAccess access, Supplier<Optional<Reconciliation>> reconciliation,
                                VolumeCopier copier, ReplicaSync sync, EcServices ec, long bodyMemory) {
        Router router = Router.router(vertx);
        metrics.install(router);
        // -whiteList (and security.toml's internal token) guards each admin and internal route itself, so it runs on
        // the route the router matched; fid writes are white-list guarded, then need their fid's token
        Handler<RoutingContext> guard = access.roles().guard();
        Handler<RoutingContext> listed = access.whiteList().guard();
        Handler<RoutingContext> writeToken = access.writes().handler();
        Handler<RoutingContext> readToken = access.reads().handler();
        router.route(VolumeApi.ADMIN_PREFIX + "*").handler(guard); // and any /admin/ path no route below serves
        router.route(VolumeApi.INTERNAL_PREFIX + "*").handler(guard);
        AdminHandler admin = new AdminHandler(store, volumesChanged, new CopySender(), copier);
        router.get(VolumeApi.STATUS.path()).handler(new StatusHandler(store, reconciliation));
        router.post(VolumeApi.ALLOCATE.path()).handler(guard).handler(admin::allocate);
        router.post(VolumeApi.DELETE_VOLUME.path()).handler(guard).handler(admin::delete);
        router.get(VolumeApi.COPY_OUT.path()).handler(guard).handler(admin::copyOut);
        router.post(VolumeApi.COPY_IN.path()).handler(guard).handler(admin::copyIn);
        router.post(VolumeApi.MARK.path()).handler(guard).handler(admin::mark);
        VacuumHandler vacuum = new VacuumHandler(new VolumeVacuum(store, metrics.registry()));
        router.post(VolumeApi.VACUUM.path()).handler(guard).handler(vacuum::vacuum);
        router.get(VolumeApi.GARBAGE.path()).handler(guard).handler(vacuum::garbage);
        SyncRoutes.install(router, guard, store, sync); // before the fid routes, which would match /admin/volume/needle
        router.post(VolumeApi.REPLICATE_RECORD.path()).handler(guard)
                .handler(new ReplicaRecordHandler(store, volumeMetrics, fileSizeLimit)); // before the fid routes too
        router.post(VolumeApi.REPLICATE_BATCH.path()).handler(guard)
                .handler(new ReplicaBatchHandler(store, volumeMetrics, fileSizeLimit));
        EcHandlers ecRoutes = new EcHandlers(ec.volumes(), ec.copier(), ec.decoder(), volumesChanged);
        router.post(VolumeApi.EC_ENCODE.path()).handler(guard).handler(ecRoutes::encode);
        router.post(VolumeApi.EC_COPY.path()).handler(guard).handler(ecRoutes::copy);
        router.get(VolumeApi.EC_FILE.path()).handler(guard).handler(ecRoutes::file);
        router.post(VolumeApi.EC_DELETE.path()).handler(guard).handler(ecRoutes::delete);
        router.post(VolumeApi.EC_REBUILD.path()).handler(guard).handler(ecRoutes::rebuild);
        router.post(VolumeApi.EC_DECODE.path()).handler(guard).handler(ecRoutes::decode);
        router.get(VolumeApi.EC_SHARD_READ.path()).handler(guard).handler(ecRoutes::shardRead);
        router.post(VolumeApi.EC_NEEDLE_DELETE.path()).handler(guard).handler(ecRoutes::needleDelete);
        router.post(VolumeApi.EC_COMPACT.path()).handler(guard).handler(ecRoutes::compact);
        router.post(VolumeApi.EC_COMMIT.path()).handler(guard).handler(ecRoutes::commit);
        router.get(VolumeApi.EC_STATUS.path()).handler(guard).handler(ecRoutes::status);
        router.get(VolumeApi.EC_SHARD_MAP.path()).handler(ecRoutes::shardMap); // like a read: not guarded
        EndpointRoutes.refuseOtherMethods(router, VolumeApi.ALL); // a GET /admin/volume/allocate is no fid read
        String fid = "/[^/]+(/.*)?";
        // large bodies and needles are held whole on the heap: together at most bodyMemory (one alone may exceed it)
        MemoryBudget bodies = new MemoryBudget(bodyMemory, BODY_MEMORY_WAIT);
        Gauge.builder("hayloft_volume_body_memory_bytes", bodies, MemoryBudget::current)
                .description("large upload bodies and needles read held in memory now").baseUnit("bytes")
                .register(metrics.registry());
        Gauge.builder("hayloft_volume_body_memory_limit_bytes", bodies, MemoryBudget::limit)
                .description("the bound on large bodies held at once; beyond it uploads get 503 and reads wait")
                .baseUnit("bytes").register(metrics.registry());
        ReadHandler read = new ReadHandler(store, ec.volumes(), replicas, volumeMetrics, bodies);
        router.routeWithRegex(HttpMethod.GET, fid).handler(readToken).handler(read);
        router.routeWithRegex(HttpMethod.HEAD, fid).handler(readToken).handler(read);
        UploadHandler upload = new UploadHandler(store, writer, volumeMetrics, clock, fileSizeLimit, bodies);
        router.routeWithRegex(HttpMethod.POST, fid).handler(listed).handler(writeToken).handler(upload);
        router.routeWithRegex(HttpMethod.PUT, fid).handler(listed).handler(writeToken).handler(upload);
        router.routeWithRegex(HttpMethod.DELETE, fid).handler(listed).handler(writeToken).handler(new DeleteHandler(store, ec.volumes(), ec.deletes(), writer,
                volumeMetrics));
        return router;
    }
}
