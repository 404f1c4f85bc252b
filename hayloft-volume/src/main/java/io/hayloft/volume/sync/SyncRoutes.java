package io.hayloft.volume.sync;

import io.hayloft.volume.store.Store;
import io.vertx.ext.web.Router;

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
     * Registers the six routes on {@code router}. Install them after the white-list guard (they
     * read and change needles whatever their cookie) and before any catch-all route, such as the
     * volume server's {@code /<fid>} routes, that would match {@code /admin/volume/needle}.
     */
    public static void install(Router router, Store store, ReplicaSync sync) {
        SyncHandlers h = new SyncHandlers(store, sync);
        router.get("/admin/volume/sync/digest").handler(h::digest);
        router.get("/admin/volume/sync/entries").handler(h::entries);
        router.get("/admin/volume/needle").handler(h::readNeedle);
        router.post("/admin/volume/needle").handler(h::storeNeedle);
        router.delete("/admin/volume/needle").handler(h::deleteNeedle);
        router.post("/admin/volume/sync").handler(h::sync);
    }
}
