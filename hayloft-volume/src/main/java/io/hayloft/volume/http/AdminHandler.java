package io.hayloft.volume.http;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.Collections;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.volume.copy.CopyResult;
import io.hayloft.volume.copy.CopySender;
import io.hayloft.volume.copy.VolumeCopier;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.transfer.AdminParams;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * The master's (and the admin shell's) calls into the volume server. Those that change the
 * volumes are followed by an immediate heartbeat so the master sees the change at once:
 * <ul>
 *   <li>{@code POST /admin/volume/allocate?volume=&collection=&replication=&ttl=} creates a volume
 *       (409 when it exists here, 406 when no slot is free): {@code {}};</li>
 *   <li>{@code POST /admin/volume/delete?volume=} deletes one (404 when absent): {@code {}};</li>
 *   <li>{@code GET /admin/volume/copy?volume=N[&mbps=M]} streams a volume ({@link CopySender}; 404
 *       when absent);</li>
 *   <li>{@code POST /admin/volume/copy?volume=N&source=host:port[&mbps=M]} pulls one from
 *       {@code source} and serves it here ({@link VolumeCopier}; 409 held here, 406 no free slot,
 *       503 the source fails), answering {@code {"volume":N,"bytes":b,"millis":t}} when done;</li>
 *   <li>{@code POST /admin/volume/mark?volume=N&readonly=true|false} marks a volume read-only or
 *       writable, persistently (404 when absent): {@code {}}.</li>
 * </ul>
 * Unknown or malformed parameters are 400. Work runs on virtual threads.
 */
final class AdminHandler {
    private static final Set<String> ALLOCATE_PARAMS = VolumeApi.ALLOCATE.params();
    private static final Set<String> DELETE_PARAMS = VolumeApi.DELETE_VOLUME.params();
    private static final Set<String> COPY_OUT_PARAMS = VolumeApi.COPY_OUT.params();
    private static final Set<String> COPY_IN_PARAMS = VolumeApi.COPY_IN.params();
    private static final Set<String> MARK_PARAMS = VolumeApi.MARK.params();
    /** Largest {@code mbps} accepted: 1 TiB/s, far above any disk or network. */
    private static final long MAX_MBPS = 1L << 20;

    private final Store store;
    private final Runnable volumesChanged;
    private final CopySender copySender;
    private final VolumeCopier copier;

    /**
     * @param volumesChanged called after a volume was allocated, deleted, copied here or marked (triggers a heartbeat)
     * @param copySender     streams volumes to other servers
     * @param copier         pulls volumes from other servers
     */
    AdminHandler(Store store, Runnable volumesChanged, CopySender copySender, VolumeCopier copier) {
        this.store = store;
        this.volumesChanged = volumesChanged;
        this.copySender = copySender;
        this.copier = copier;
    }

    void allocate(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, ALLOCATE_PARAMS);
            VolumeId id = AdminParams.volumeId(c);
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
            store.delete(AdminParams.volumeId(c));
            volumesChanged.run();
            Responses.json(c, 200, Map.of());
        });
    }

    void copyOut(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, COPY_OUT_PARAMS);
            VolumeId id = AdminParams.volumeId(c);
            long mbps = Params.longParam(c, "mbps", 0, 0, MAX_MBPS);
            copySender.send(store.volume(id), c.response(), mbps);
        });
    }

    void copyIn(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, COPY_IN_PARAMS);
            VolumeId id = AdminParams.volumeId(c);
            String source = Params.string(c, "source", "");
            HayloftException.checkArgument(!source.isEmpty(), "parameter 'source' is required");
            long mbps = Params.longParam(c, "mbps", 0, 0, MAX_MBPS);
            CopyResult result = copier.copy(id, source, mbps);
            volumesChanged.run();
            Responses.json(c, 200, result);
        });
    }

    void mark(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, MARK_PARAMS);
            VolumeId id = AdminParams.volumeId(c);
            HayloftException.checkArgument(!Params.string(c, "readonly", "").isEmpty(),
                    "parameter 'readonly' is required (true or false)");
            store.markReadOnly(id, Params.bool(c, "readonly", false));
            volumesChanged.run();
            Responses.json(c, 200, Map.of());
        });
    }
}
