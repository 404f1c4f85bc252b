package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.http.Blocking;
import io.hayloft.http.EndpointRoutes;
import io.hayloft.http.Metrics;
import io.hayloft.http.RoleGuard;
import io.vertx.core.Handler;
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
 *   POST /vol/ec/encode /vol/ec/rebuild /vol/ec/decode /vol/ec/balance /vol/ec/compact (erasure coding, leader)
 *   POST /cluster/raft/add /cluster/raft/remove (membership, leader)
 *   /submit   /internal/heartbeat /internal/node/id   /metrics   GET /&lt;fid&gt; → 302
 * </pre>
 * {@code -whiteList} guards, as {@code docs/self-healing.md} asks, every route that changes state (assign,
 * submit, grow, collection delete, vacuum, replica maintenance, membership, the volume server protocol)
 * and the collection list: the guard is the first handler of each such route, so any spelling of a path
 * that the router matches to one meets it. Lookups, status, metrics and redirects stay open. Every such
 * route but assign and submit is also a call only roles and the operator's tools make: with an
 * {@code [internal] key} in {@code security.toml} it asks for the internal token too ({@link RoleGuard}, 401
 * without). With an {@code [jwt.signing] key}, assign and submit sign a token for the fids they hand out.
 * The three status pages answer {@code GET} and {@code HEAD} only; lookup, grow, collection delete
 * and vacuum also {@code POST} (SeaweedFS clients post forms); any other method is a 405 JSON error
 * ({@link AllowedMethods}). Paths, methods and parameters come from {@link MasterApi}, which clients
 * build their requests from.
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
        // -whiteList guards each write route itself, so it runs on the route the router matched
        Handler<RoutingContext> guard = master.config().whiteList().guard();
        // calls only roles and the operator's tools make: the white list, then the internal token of security.toml
        RoleGuard roles = new RoleGuard(master.config().whiteList(), master.config().security());
        Handler<RoutingContext> roleGuard = roles.guard();

        LeaderProxy proxy = new LeaderProxy(master.raft(), master.peers());
        DirectoryHandlers dir = new DirectoryHandlers(master, proxy, roles);
        StatusHandlers status = new StatusHandlers(master);
        AdminHandlers admin = new AdminHandlers(master, proxy);
        InternalHandlers internal = new InternalHandlers(master, proxy);
        MembershipHandlers membership = new MembershipHandlers(master, proxy);
        SubmitHandler submit = new SubmitHandler(master, proxy, SubmitHandler.MAX_BODY);
        MaintenanceHandlers maintenance = new MaintenanceHandlers(master, proxy);
        BodyHandler smallBody = BodyHandler.create(false).setBodyLimit(SMALL_BODY);
        UnavailableAnswers unavailable = new UnavailableAnswers(master.config().clock());

        Handler<RoutingContext> assign = unavailable.blocking(dir::assign);
        router.get(MasterApi.ASSIGN.path()).handler(guard).handler(ctx -> dir.assignOnEventLoop(ctx, assign));
        router.post(MasterApi.ASSIGN.path()).handler(guard).handler(smallBody).handler(assign);
        // a lookup reads the topology in memory: answered on the event loop when the topology's lock is free,
        // as the assign fast path is (a hand-off to a virtual thread cost more than the lookup itself)
        Handler<RoutingContext> lookup = unavailable.blocking(dir::lookup);
        router.route(MasterApi.LOOKUP.path()).handler(AllowedMethods.only(MasterApi.LOOKUP))
                .handler(ctx -> dir.lookupOnEventLoop(ctx, lookup));
        router.route(MasterApi.DIR_STATUS.path()).handler(AllowedMethods.only(MasterApi.DIR_STATUS))
                .handler(unavailable.blocking(status::dirStatus));
        router.route(MasterApi.VOL_STATUS.path()).handler(AllowedMethods.only(MasterApi.VOL_STATUS))
                .handler(unavailable.blocking(status::volStatus));
        router.route(MasterApi.CLUSTER_STATUS.path()).handler(AllowedMethods.only(MasterApi.CLUSTER_STATUS))
                .handler(unavailable.blocking(status::clusterStatus));
        router.post(MasterApi.RAFT_ADD.path()).handler(roleGuard).handler(unavailable.blocking(membership::add));
        router.post(MasterApi.RAFT_REMOVE.path()).handler(roleGuard).handler(unavailable.blocking(membership::remove));
        router.route(MasterApi.GROW.path()).handler(roleGuard).handler(AllowedMethods.only(MasterApi.GROW))
                .handler(unavailable.blocking(admin::grow));
        router.route(MasterApi.COLLECTION_DELETE.path()).handler(roleGuard).handler(AllowedMethods.only(MasterApi.COLLECTION_DELETE))
                .handler(unavailable.blocking(admin::deleteCollection));
        router.route(MasterApi.VACUUM.path()).handler(roleGuard).handler(AllowedMethods.only(MasterApi.VACUUM))
                .handler(unavailable.blocking(new VacuumHandler(master, proxy)::vacuum));
        router.post(MasterApi.FIX_REPLICATION.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::fixReplication));
        router.post(MasterApi.BALANCE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::balance));
        router.post(MasterApi.MOVE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::move));
        router.post(MasterApi.MARK.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::mark));
        router.post(MasterApi.VOLUME_DELETE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::delete));
        router.post(MasterApi.EC_ENCODE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::ecEncode));
        router.post(MasterApi.EC_REBUILD.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::ecRebuild));
        router.post(MasterApi.EC_DECODE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::ecDecode));
        router.post(MasterApi.EC_BALANCE.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::ecBalance));
        router.post(MasterApi.EC_COMPACT.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::ecCompact));
        router.get(MasterApi.COLLECTION_LIST.path()).handler(roleGuard).handler(unavailable.blocking(maintenance::listCollections));
        router.post(MasterApi.SUBMIT.path()).handler(guard).handler(submit::handle);
        router.post(MasterApi.HEARTBEAT.path()).handler(roleGuard).handler(smallBody).handler(internal::countBeat).handler(unavailable.blocking(internal::heartbeat));
        router.post(MasterApi.NODE_ID.path()).handler(roleGuard).handler(unavailable.blocking(internal::nodeId));
        FilerPartitionHandlers filers = new FilerPartitionHandlers(master, proxy);
        router.post(MasterApi.FILER_HEARTBEAT.path()).handler(roleGuard).handler(smallBody)
                .handler(unavailable.blocking(filers::heartbeat));
        router.get(MasterApi.PARTITION_LIST.path()).handler(roleGuard).handler(unavailable.blocking(filers::list));
        router.post(MasterApi.PARTITION_MOVE.path()).handler(roleGuard).handler(unavailable.blocking(filers::move));
        EndpointRoutes.refuseOtherMethods(router, MasterApi.ALL);
        router.getWithRegex("/[0-9]+[,/].+").handler(unavailable.blocking(dir::redirect));
        router.errorHandler(405, AllowedMethods::notAllowed);
        return router;
    }

}
