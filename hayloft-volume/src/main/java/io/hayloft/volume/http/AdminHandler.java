package io.hayloft.volume.http;

import io.hayloft.api.Collections;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.volume.store.Store;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * The master's calls into the volume server, each answered 200 {@code {}} and followed by an
 * immediate heartbeat so the master sees the change at once:
 * <ul>
 *   <li>{@code POST /admin/volume/allocate?volume=&collection=&replication=&ttl=} creates a volume
 *       (409 when it exists here, 406 when no slot is free);</li>
 *   <li>{@code POST /admin/volume/delete?volume=} deletes one (404 when absent).</li>
 * </ul>
 * Unknown or malformed parameters are 400. Work runs on virtual threads.
 */
final class AdminHandler {
    private static final Set<String> ALLOCATE_PARAMS = Set.of("volume", "collection", "replication", "ttl");
    private static final Set<String> DELETE_PARAMS = Set.of("volume");

    private final Store store;
    private final Runnable volumesChanged;

    /**
     * @param volumesChanged called after a volume was allocated or deleted (triggers a heartbeat)
     */
    AdminHandler(Store store, Runnable volumesChanged) {
        this.store = store;
        this.volumesChanged = volumesChanged;
    }

    void allocate(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, ALLOCATE_PARAMS);
            VolumeId id = volumeId(c);
            String collection = Collections.check(Params.string(c, "collection", ""));
            ReplicaPlacement placement = ReplicaPlacement.parse(Params.string(c, "replication", ""));
            Ttl ttl = Ttl.parse(Params.string(c, "ttl", ""));
            store.allocate(id, collection, placement, ttl);
            volumesChanged.run();
            Responses.json(c, 200, Map.of());
        });
    }

    void delete(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, DELETE_PARAMS);
            store.delete(volumeId(c));
            volumesChanged.run();
            Responses.json(c, 200, Map.of());
        });
    }

    private static VolumeId volumeId(RoutingContext ctx) {
        String v = Params.string(ctx, "volume", "");
        HayloftException.checkArgument(!v.isEmpty(), "parameter 'volume' is required");
        try {
            return VolumeId.parse(v);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("parameter 'volume' must be a volume id, got '" + v + "'");
        }
    }
}
