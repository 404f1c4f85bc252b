package io.hayloft.volume.http;

import io.hayloft.http.WhiteList;
import io.hayloft.volume.master.Reconciliation;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;
import io.hayloft.http.Metrics;
import io.hayloft.volume.replication.ReplicaReader;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.vacuum.VolumeVacuum;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The volume server's HTTP API as a Vert.x router:
 * <pre>
 *   GET  /status                  StatusHandler         GET  /metrics   Prometheus
 *   POST /admin/volume/allocate   AdminHandler          POST /admin/volume/delete
 *   POST /admin/volume/vacuum     VacuumHandler         GET  /admin/volume/garbage
 *   GET|HEAD /&lt;fid&gt;              ReadHandler    ──► ReplicaReader (only when the local copy is corrupt)
 *   POST|PUT /&lt;fid&gt;              UploadHandler  ──► ReplicatedWriter ──► peers
 *   DELETE   /&lt;fid&gt;              DeleteHandler  ──► ReplicatedWriter ──► peers
 * </pre>
 */
public final class VolumeRoutes {
    private VolumeRoutes() {
    }

    /**
     * Builds the router. Handlers never block the event loop.
     *
     * @param volumesChanged called after the master allocated or deleted a volume
     * @param fileSizeLimit  largest accepted upload, bytes
     * @param whiteList      who may POST, PUT and DELETE (uploads, replica copies, deletes, admin)
     * @param reconciliation the last registration check against the master, for {@code /status}
     */
    public static Router create(Vertx vertx, Store store, ReplicatedWriter writer, ReplicaReader replicas,
                                Metrics metrics, Runnable volumesChanged, Clock clock, long fileSizeLimit,
                                WhiteList whiteList, Supplier<Optional<Reconciliation>> reconciliation) {
        Router router = Router.router(vertx);
        VolumeMetrics volumeMetrics = new VolumeMetrics(metrics.registry(), store);
        metrics.install(router);
        router.route().handler(whiteList.guard(VolumeRoutes::isWrite));
        AdminHandler admin = new AdminHandler(store, volumesChanged);
        router.get("/status").handler(new StatusHandler(store, reconciliation));
        router.post("/admin/volume/allocate").handler(admin::allocate);
        router.post("/admin/volume/delete").handler(admin::delete);
        VacuumHandler vacuum = new VacuumHandler(new VolumeVacuum(store, metrics.registry()));
        router.post("/admin/volume/vacuum").handler(vacuum::vacuum);
        router.get("/admin/volume/garbage").handler(vacuum::garbage);
        String fid = "/[^/]+(/.*)?";
        ReadHandler read = new ReadHandler(store, replicas, volumeMetrics);
        router.routeWithRegex(HttpMethod.GET, fid).handler(read);
        router.routeWithRegex(HttpMethod.HEAD, fid).handler(read);
        UploadHandler upload = new UploadHandler(store, writer, volumeMetrics, clock, fileSizeLimit);
        router.routeWithRegex(HttpMethod.POST, fid).handler(upload);
        router.routeWithRegex(HttpMethod.PUT, fid).handler(upload);
        router.routeWithRegex(HttpMethod.DELETE, fid).handler(new DeleteHandler(writer, volumeMetrics));
        return router;
    }

    private static boolean isWrite(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.DELETE;
    }
}
