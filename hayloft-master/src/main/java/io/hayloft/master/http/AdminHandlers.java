package io.hayloft.master.http;

import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.topology.LayoutKey;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/** {@code /vol/grow} and {@code /col/delete}: served by the leader (a follower forwards), blocking (virtual threads). */
final class AdminHandlers {
    private final MasterContext master;
    private final LeaderProxy proxy;

    AdminHandlers(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
    }

    /** {@code /vol/grow?count=&collection=&replication=&ttl=} → 200 {@code {"count":N}}; errors as assign (406). */
    void grow(RoutingContext ctx) {
        Params.allowOnly(ctx, RequestParams.ASSIGN);
        if (proxy.forward(ctx, null)) {
            return;
        }
        LayoutKey key = RequestParams.layoutKey(ctx, master.config().defaultReplication());
        int count = RequestParams.notAcceptable(() -> Params.intParam(ctx, "count", 0, 1, 1000));
        int grown = master.growth().grow(key, count, RequestParams.constraint(ctx));
        Responses.json(ctx, 200, Map.of("count", grown));
    }

    /** {@code /col/delete?collection=X} → 200 {@code {}}; 400 when the collection does not exist. */
    void deleteCollection(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of("collection"));
        if (proxy.forward(ctx, null)) {
            return;
        }
        master.deletion().delete(Params.string(ctx, "collection", ""));
        Responses.json(ctx, 200, Map.of());
    }
}
