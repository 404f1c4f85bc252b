package io.hayloft.master.http;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The volume server protocol: {@code POST /internal/heartbeat} and {@code POST /internal/node/id}.
 * A follower answers heartbeats with the leader's address without applying them.
 */
final class InternalHandlers {
    private final MasterContext master;

    InternalHandlers(MasterContext master) {
        this.master = master;
    }

    /** Applies a heartbeat on the leader; answers {@code {volumeSizeLimit, leader}}. */
    void heartbeat(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of());
        Heartbeat hb = Json.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                Heartbeat.class);
        HayloftException.checkArgument(hb.ip() != null && !hb.ip().isBlank(), "heartbeat needs an ip");
        HayloftException.checkArgument(hb.port() > 0 && hb.port() <= 65535, "heartbeat needs a port 1..65535");
        HayloftException.checkArgument(hb.maxVolumeCount() >= 0, "maxVolumeCount must not be negative");
        String leader = master.raft().leaderHttpAddress().orElse("");
        if (master.raft().isLeader()) {
            int maxVolumeId = master.topology().heartbeat(hb);
            if (maxVolumeId > master.raft().state().maxVolumeId()) {
                master.raft().raiseVolumeId(maxVolumeId);
            }
            master.sequencer().observe(hb.maxFileKey());
        }
        Responses.json(ctx, 200, new HeartbeatResponse(master.topology().volumeSizeLimit(), leader));
    }

    /** {@code ?address=ip:port} → {@code {"nodeId":N}} from the raft node-id sequence; leader only. */
    void nodeId(RoutingContext ctx) {
        Params.allowOnly(ctx, Set.of("address"));
        HayloftException.checkArgument(!Params.string(ctx, "address", "").isBlank(), "address is required");
        master.raft().checkLeader();
        Responses.json(ctx, 200, new NodeIdResponse(master.raft().nextNodeId()));
    }
}
