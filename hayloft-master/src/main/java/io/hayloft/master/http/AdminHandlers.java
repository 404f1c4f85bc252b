package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.topology.LayoutKey;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

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

    /**
     * {@code /col/delete?collection=X} → 200 {@code {}}; the default (unnamed) collection only with
     * {@code collection=&default=true}. 400 without {@code collection}, for an empty name without the
     * flag, the flag with a name, a malformed name, or a collection that does not exist.
     */
    void deleteCollection(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.COLLECTION_DELETE.params());
        String collection = RequestParams.collection(ctx).orElseThrow(() -> HayloftException.badRequest(
                "collection is required: name the collection to delete (collection=NAME), or delete the"
                        + " default collection with collection=&default=true"));
        boolean deleteDefault = Params.bool(ctx, "default", false);
        HayloftException.checkArgument(!collection.isEmpty() || deleteDefault,
                "collection is empty: deleting the default collection needs collection=&default=true");
        HayloftException.checkArgument(collection.isEmpty() || !deleteDefault,
                "default=true deletes the default collection; it cannot be given with collection=" + collection);
        if (proxy.forward(ctx, null)) {
            return;
        }
        master.deletion().delete(collection);
        Responses.json(ctx, 200, Map.of());
    }
}
