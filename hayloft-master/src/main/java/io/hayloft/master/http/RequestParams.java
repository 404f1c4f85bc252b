package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.Collections;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.http.Params;
import io.hayloft.master.assign.AssignRequest;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.PlacementConstraint;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the parameters of assign-like calls ({@code /dir/assign}, {@code /vol/grow}, {@code /submit}).
 * Unknown names are 400; bad values are 406, as SeaweedFS answers assign failures.
 * Accepted and ignored (SeaweedFS clients send them): {@code preallocate}, {@code memoryMapMaxSizeMb},
 * {@code diskType}, {@code disk}.
 */
final class RequestParams {
    /** Every parameter SeaweedFS clients send to assign and grow. */
    static final Set<String> ASSIGN = MasterApi.ASSIGN_PARAMS;
    /** Assign's parameters without {@code count}, plus what SeaweedFS' submit takes. */
    static final Set<String> SUBMIT = MasterApi.SUBMIT.params();

    private RequestParams() {
    }

    /** Reads an assign request with {@code replication} defaulting to {@code dflt}. */
    static AssignRequest assign(RoutingContext ctx, ReplicaPlacement dflt) {
        return notAcceptable(() -> new AssignRequest(layoutKey(ctx, dflt),
                Params.intParam(ctx, "count", 1, 1, AssignRequest.MAX_COUNT),
                constraint(ctx),
                Params.intParam(ctx, "writableVolumeCount", 0, 0, 1000)));
    }

    /** Reads the layout key, 406 on bad values. */
    static LayoutKey layoutKey(RoutingContext ctx, ReplicaPlacement dflt) {
        return notAcceptable(() -> {
            String replication = Params.string(ctx, "replication", "");
            return new LayoutKey(Params.string(ctx, "collection", ""),
                    replication.isEmpty() ? dflt : ReplicaPlacement.parse(replication),
                    Ttl.parse(Params.string(ctx, "ttl", "")));
        });
    }

    /**
     * An optional {@code collection} parameter checked by the rule volume file names follow
     * ({@link Collections#check}): empty when absent, {@code ""} when given empty (the default collection).
     *
     * @throws HayloftException {@code BAD_REQUEST} for a name no volume could carry ({@code ../x})
     */
    static Optional<String> collection(RoutingContext ctx) {
        if (!ctx.request().params().contains("collection")) {
            return Optional.empty();
        }
        return Optional.of(Collections.check(Params.string(ctx, "collection", "")));
    }

    /** Reads {@code dataCenter}, {@code rack} and {@code dataNode}. */
    static PlacementConstraint constraint(RoutingContext ctx) {
        return notAcceptable(() -> new PlacementConstraint(Params.string(ctx, "dataCenter", ""),
                Params.string(ctx, "rack", ""), Params.string(ctx, "dataNode", "")));
    }

    /** Runs a parse, turning {@code BAD_REQUEST} into {@code NOT_ACCEPTABLE}. */
    static <T> T notAcceptable(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, e.getMessage(), e);
            }
            throw e;
        }
    }
}
