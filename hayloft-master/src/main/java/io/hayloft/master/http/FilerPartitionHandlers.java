package io.hayloft.master.http;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerHeartbeat;
import io.hayloft.api.wire.FilerHeartbeatResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.http.Json;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.raft.HostPort;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * The filer partition map, served by the leader (a follower forwards), blocking (virtual threads):
 * <pre>
 *   POST /internal/filer/heartbeat                           a filer server registers and reports; answers the table
 *   GET  /filer/partition/list                               partitions, replicas, leaders, servers
 *   POST /filer/partition/move?partition=&amp;source=&amp;target=[&amp;apply=true]   plan (or do) one replica move
 * </pre>
 * Input is checked before anything is forwarded or changed: bad input is a 400, an unknown partition
 * or server a 404.
 */
final class FilerPartitionHandlers {
    private final MasterContext master;
    private final LeaderProxy proxy;

    FilerPartitionHandlers(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
    }

    void heartbeat(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.FILER_HEARTBEAT.params());
        Buffer body = ctx.body().buffer();
        FilerHeartbeat beat = Json.read(body == null ? new byte[0] : body.getBytes(), FilerHeartbeat.class);
        HayloftException.checkArgument(beat.raftAddress() != null && !beat.raftAddress().isBlank(),
                "a filer heartbeat needs raftAddress (host:port)");
        HostPort.parse(beat.raftAddress(), "raftAddress");
        if (!beat.httpAddress().isEmpty()) {
            HostPort.parse(beat.httpAddress(), "httpAddress");
        }
        if (proxy.forward(ctx, body)) {
            return;
        }
        PartitionTable table = master.filerPartitions().heartbeat(beat);
        Responses.json(ctx, 200, new FilerHeartbeatResponse(table, master.raft().leaderHttpAddress().orElse(""),
                master.raft().peerHttpAddresses()));
    }

    void list(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.PARTITION_LIST.params());
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.filerPartitions().list());
    }

    void move(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.PARTITION_MOVE.params());
        int partition = required(ctx, MasterApi.PARTITION);
        long source = requiredNode(ctx, MasterApi.SOURCE);
        long target = requiredNode(ctx, MasterApi.TARGET);
        HayloftException.checkArgument(source != target, "source and target are the same filer server");
        boolean apply = Params.bool(ctx, MasterApi.APPLY, false);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.filerPartitions().move(partition, source, target, apply));
    }

    private static int required(RoutingContext ctx, String name) {
        HayloftException.checkArgument(!Params.string(ctx, name, "").isEmpty(), "parameter '" + name
                + "' is required (a partition number)");
        return Params.intParam(ctx, name, 0, 0, Integer.MAX_VALUE);
    }

    private static long requiredNode(RoutingContext ctx, String name) {
        HayloftException.checkArgument(!Params.string(ctx, name, "").isEmpty(), "parameter '" + name
                + "' is required (a filer server's node id)");
        return Params.longParam(ctx, name, 0, 1, Long.MAX_VALUE);
    }
}
