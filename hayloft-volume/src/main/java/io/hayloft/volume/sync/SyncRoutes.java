package io.hayloft.volume.sync;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.volume.store.Store;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Installs the replica sync endpoints ({@code docs/self-healing.md}, "Volume server endpoints"):
 * <pre>
 *   GET    /admin/volume/sync/digest?volume=N[&amp;buckets=false]   the replica digest
 *   GET    /admin/volume/sync/entries?volume=N&amp;buckets=3,17     live and deleted keys of buckets
 *   GET    /admin/volume/needle?volume=N&amp;key=&lt;hex&gt;            one live needle as a record
 *   POST   /admin/volume/needle?volume=N  (body: one record)    Volume.repair
 *   DELETE /admin/volume/needle?volume=N&amp;key=&lt;hex&gt;            Volume.repairDelete
 *   POST   /admin/volume/sync?volume=N[&amp;apply=true]            ReplicaSync.syncNow
 * </pre>
 * Handlers never block the event loop. Errors are JSON {@code {"error": "..."}}: 400 for unknown or
 * malformed parameters and bad records, 404 for a volume not held here (or an absent needle),
 * 413 for an oversized record, 503 when a peer fails during a sync.
 */
public final class SyncRoutes {
    private SyncRoutes() {
    }

    /**
     * Registers the six routes on {@code router}, each guarded by {@code guard} (they read and
     * change needles whatever their cookie). Install them before any catch-all route, such as the
     * volume server's {@code /<fid>} routes, that would match {@code /admin/volume/needle}.
     *
     * @param guard the white list's guard ({@code WhiteList.guard()}), run first on each route
     */
    public static void install(Router router, Handler<RoutingContext> guard, Store store, ReplicaSync sync) {
        SyncHandlers h = new SyncHandlers(store, sync);
        router.get(VolumeApi.SYNC_DIGEST.path()).handler(guard).handler(h::digest);
        router.get(VolumeApi.SYNC_ENTRIES.path()).handler(guard).handler(h::entries);
        router.get(VolumeApi.NEEDLE.path()).handler(guard).handler(h::readNeedle);
        router.post(VolumeApi.NEEDLE_STORE.path()).handler(guard).handler(h::storeNeedle);
        router.delete(VolumeApi.NEEDLE.path()).handler(guard).handler(h::deleteNeedle);
        router.post(VolumeApi.SYNC.path()).handler(guard).handler(h::sync);
    }
}
