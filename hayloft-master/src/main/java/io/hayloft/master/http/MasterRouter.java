package io.hayloft.master.http;

import io.hayloft.http.Blocking;
import io.hayloft.http.Metrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Builds the master's router. Leader-only calls (assign, submit, grow, collection delete, node
 * id, vacuum, replica maintenance and the collection list) are forwarded to the leader by a follower ({@link LeaderProxy}); lookups, redirects, status
 * and heartbeats are served by every master from its own topology. Every handler that touches Raft, locks or peers runs on a virtual
 * thread via {@link Blocking}; only body collection, and {@code GET /dir/assign} when the leader can
 * answer it from memory ({@link DirectoryHandlers#assignOnEventLoop}), run on the event loop.
 *
 * <pre>
 *   /dir/assign /dir/lookup /dir/status   /vol/grow /vol/status /vol/vacuum   /col/delete   /cluster/status
 *   POST /vol/fix/replication /vol/balance /vol/move /vol/mark /vol/delete   GET /col/list (maintenance, leader)
 *   POST /cluster/raft/add /cluster/raft/remove (membership, leader)
 *   /submit   /internal/heartbeat /internal/node/id   /metrics   GET /&lt;fid&gt; → 302
 * </pre>
 */
public final class MasterRouter {
    private static final long SMALL_BODY = 16L * 1024 * 1024;

    private MasterRouter() {
    }

    /** A router serving the master API over {@code master}, with metrics registered in {@code metrics}. */
    public static Router create(Vertx vertx, MasterContext master, Metrics metrics) {
        Router router = Router.router(vertx);
        metrics.install(router);
        MasterMetrics.register(metrics.registry(), master);
        router.route().handler(master.config().whiteList().guard(MasterRouter::isWrite));

        LeaderProxy proxy = new LeaderProxy(master.raft(), master.peers());
        DirectoryHandlers dir = new DirectoryHandlers(master, proxy);
        StatusHandlers status = new StatusHandlers(master);
        AdminHandlers admin = new AdminHandlers(master, proxy);
        InternalHandlers internal = new InternalHandlers(master, proxy);
        MembershipHandlers membership = new MembershipHandlers(master, proxy);
        SubmitHandler submit = new SubmitHandler(master, proxy, SubmitHandler.MAX_BODY);
        MaintenanceHandlers maintenance = new MaintenanceHandlers(master, proxy);
        BodyHandler smallBody = BodyHandler.create(false).setBodyLimit(SMALL_BODY);

        router.get("/dir/assign").handler(dir::assignOnEventLoop);
        router.post("/dir/assign").handler(smallBody).handler(Blocking.handler(dir::assign));
        router.route("/dir/lookup").handler(Blocking.handler(dir::lookup));
        router.route("/dir/status").handler(Blocking.handler(status::dirStatus));
        router.route("/vol/status").handler(Blocking.handler(status::volStatus));
        router.route("/cluster/status").handler(Blocking.handler(status::clusterStatus));
        router.post("/cluster/raft/add").handler(Blocking.handler(membership::add));
        router.post("/cluster/raft/remove").handler(Blocking.handler(membership::remove));
        router.route("/vol/grow").handler(Blocking.handler(admin::grow));
        router.route("/col/delete").handler(Blocking.handler(admin::deleteCollection));
        router.route("/vol/vacuum").handler(Blocking.handler(new VacuumHandler(master, proxy)::vacuum));
        router.post("/vol/fix/replication").handler(Blocking.handler(maintenance::fixReplication));
        router.post("/vol/balance").handler(Blocking.handler(maintenance::balance));
        router.post("/vol/move").handler(Blocking.handler(maintenance::move));
        router.post("/vol/mark").handler(Blocking.handler(maintenance::mark));
        router.post("/vol/delete").handler(Blocking.handler(maintenance::delete));
        router.get("/col/list").handler(Blocking.handler(maintenance::listCollections));
        router.post("/submit").handler(submit::handle);
        router.post("/internal/heartbeat").handler(smallBody).handler(Blocking.handler(internal::heartbeat));
        router.post("/internal/node/id").handler(Blocking.handler(internal::nodeId));
        router.getWithRegex("/[0-9]+[,/].+").handler(Blocking.handler(dir::redirect));
        return router;
    }

    /**
     * What {@code -whiteList} guards: everything that changes state (assign, submit, grow,
     * collection delete, vacuum, replica maintenance, membership, the volume server protocol) and the
     * collection list, as {@code docs/self-healing.md} asks; lookups, status, metrics and redirects stay open.
     */
    static boolean isWrite(RoutingContext ctx) {
        String path = ctx.request().path();
        return path.startsWith("/dir/assign") || path.startsWith("/submit") || path.startsWith("/vol/grow")
                || path.startsWith("/vol/vacuum") || path.startsWith("/vol/fix/") || path.startsWith("/vol/balance")
                || path.startsWith("/vol/move") || path.startsWith("/vol/mark") || path.startsWith("/vol/delete")
                || path.startsWith("/col/list")
                || path.startsWith("/col/delete") || path.startsWith("/cluster/raft/") || path.startsWith("/internal/");
    }
}
