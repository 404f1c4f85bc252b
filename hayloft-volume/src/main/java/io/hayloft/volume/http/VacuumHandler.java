package io.hayloft.volume.http;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.CompactionResult;
import io.hayloft.volume.transfer.AdminParams;
import io.hayloft.volume.vacuum.VolumeVacuum;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The master's vacuum calls (one call compacts: the storage switch is atomic, so there is no
 * separate commit step):
 * <ul>
 *   <li>{@code POST /admin/volume/vacuum?volume=N} → 200 {@code {"volume","revision","sizeBefore",
 *       "sizeAfter","bytesReclaimed","garbageRatioBefore","needlesCopied","expiredNeedlesDropped",
 *       "recordsCaughtUp","durationMillis"}}; 404 when absent, 409 when already compacting;</li>
 *   <li>{@code GET /admin/volume/garbage?volume=N} → 200 {@code {"volume":N,"garbageRatio":0.42}}.</li>
 * </ul>
 * Malformed or unknown parameters are 400. Work runs on virtual threads.
 */
final class VacuumHandler {
    private static final Set<String> PARAMS = VolumeApi.VACUUM.params();

    private final VolumeVacuum vacuum;

    VacuumHandler(VolumeVacuum vacuum) {
        this.vacuum = vacuum;
    }

    void vacuum(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, PARAMS);
            VolumeId id = AdminParams.volumeId(c);
            CompactionResult r = vacuum.vacuum(id);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("volume", id.value());
            body.put("revision", r.revision());
            body.put("sizeBefore", r.sizeBefore());
            body.put("sizeAfter", r.sizeAfter());
            body.put("bytesReclaimed", r.bytesReclaimed());
            body.put("garbageRatioBefore", r.garbageRatioBefore());
            body.put("needlesCopied", r.needlesCopied());
            body.put("expiredNeedlesDropped", r.expiredNeedlesDropped());
            body.put("recordsCaughtUp", r.recordsCaughtUp());
            body.put("durationMillis", r.duration().toMillis());
            Responses.json(c, 200, body);
        });
    }

    void garbage(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, PARAMS);
            VolumeId id = AdminParams.volumeId(c);
            Responses.json(c, 200, Map.of("volume", id.value(), "garbageRatio", vacuum.garbageRatio(id)));
        });
    }
}
