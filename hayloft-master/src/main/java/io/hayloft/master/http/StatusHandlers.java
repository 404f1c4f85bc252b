package io.hayloft.master.http;

import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code /dir/status}, {@code /vol/status} and {@code /cluster/status}: local reads, any master. */
final class StatusHandlers {
    private final MasterContext master;

    StatusHandlers(MasterContext master) {
        this.master = master;
    }

    void dirStatus(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of());
        Responses.json(ctx, 200, master.topology().inspect(StatusViews::dirStatus));
    }

    void volStatus(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of());
        Responses.json(ctx, 200, master.topology().inspect(StatusViews::volStatus));
    }

    void clusterStatus(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of());
        Responses.json(ctx, 200, new StatusViews.ClusterStatus(master.raft().isLeader(),
                master.raft().leaderHttpAddress().orElse(""), master.raft().peerHttpAddresses(),
                master.raft().state().maxVolumeId(), StatusViews.raft(master.raft().status()),
                master.raft().state().nodes()));
    }
}
