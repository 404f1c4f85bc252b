package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.vacuum.VacuumOutcome;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /vol/vacuum?garbageThreshold=0.3&collection=}: runs a vacuum pass on the leader now (a
 * follower forwards) and answers when it is done: 200 {@code {"garbageThreshold":0.3,"volumes":[
 * {"volume","collection","garbageRatio","replicas","compacted","bytesReclaimed","failures"}]}}.
 * {@code garbageThreshold} defaults to {@code -garbageThreshold}; without {@code collection} every
 * collection is vacuumed. 400 for a bad threshold, 409 while another pass runs. Blocking (virtual thread).
 */
final class VacuumHandler {
    private static final Set<String> PARAMS = MasterApi.VACUUM.params();

    private final MasterContext master;
    private final LeaderProxy proxy;

    VacuumHandler(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
    }

    void vacuum(RoutingContext ctx) {
        Params.allowOnly(ctx, PARAMS);
        String collection = RequestParams.collection(ctx).orElse(null);
        if (proxy.forward(ctx, null)) {
            return;
        }
        double threshold = threshold(ctx);
        List<VacuumOutcome> outcomes = master.vacuum().runPass(threshold, collection);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("garbageThreshold", threshold);
        body.put("volumes", outcomes);
        Responses.json(ctx, 200, body);
    }

    private double threshold(RoutingContext ctx) {
        String v = Params.string(ctx, "garbageThreshold", "");
        if (v.isEmpty()) {
            return master.config().garbageThreshold();
        }
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw HayloftException.badRequest("parameter 'garbageThreshold' must be a number, got '" + v + "'");
        }
        HayloftException.checkArgument(t > 0 && t < 1,
                "parameter 'garbageThreshold' must be between 0 and 1 (exclusive), got " + v);
        return t;
    }
}
