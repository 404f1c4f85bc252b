package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import io.hayloft.http.Params;
import io.hayloft.master.raft.HostPort;
import io.hayloft.master.topology.FullReportBudget;
import io.hayloft.master.topology.Topology;
import io.hayloft.http.Responses;
import io.vertx.ext.web.RoutingContext;

/**
 * The volume server protocol: {@code POST /internal/heartbeat} and {@code POST /internal/node/id}.
 * Volume servers heartbeat to every master: each master applies the heartbeat to its own topology
 * (so a follower can serve lookups, and is ready to assign the moment it is elected); only the
 * leader commits what the heartbeat raises (max volume id, key ceiling) to Raft.
 */
final class InternalHandlers {
    private final MasterContext master;
    private final LeaderProxy proxy;
    private final FullReportBudget fullReports;
    /** Heartbeats received and not yet answered (counted on the event loop, so queued ones too). */
    private final java.util.concurrent.atomic.AtomicInteger beatsInFlight =
            new java.util.concurrent.atomic.AtomicInteger();

    InternalHandlers(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
        this.fullReports = new FullReportBudget(master.config().fullReportsPerSecond(), master.config().pulse(),
                master.config().clock());
    }

    /** Counts a heartbeat in flight (its body read) until its answer ends; on the event loop, before the handler. */
    void countBeat(RoutingContext ctx) {
        beatsInFlight.incrementAndGet();
        ctx.addEndHandler(done -> beatsInFlight.decrementAndGet());
        ctx.next();
    }

    /**
     * Applies a heartbeat (a full report or a delta, see {@link Heartbeat}) to this master's topology;
     * answers {@code {volumeSizeLimit, leader, masters, expectedVolumes, fullReportRequested}}: the
     * current members (so the volume server heartbeats to masters added at run time), for a full
     * report the volumes this master believed the node held before this beat, and whether the server
     * must send a full report next (a delta this master could not apply).
     *
     * <p>Full reports beyond the {@link FullReportBudget} ({@code -fullReportsPerSecond}, and none while more
     * than {@link FullReportBudget#DEFAULT_MAX_BEATS_IN_FLIGHT} beats are in flight) are deferred:
     * answered with {@code fullReportRetryAfterMs} and nothing applied, a known node only counted
     * alive. One marked {@code report=full&node=} is deferred before its body is read.
     */
    void heartbeat(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.HEARTBEAT.params());
        String report = Params.string(ctx, MasterApi.REPORT, "");
        HayloftException.checkArgument(report.isEmpty() || report.equals(MasterApi.FULL_REPORT),
                "report must be '" + MasterApi.FULL_REPORT + "' when set, got '" + report + "'");
        boolean markedFull = !report.isEmpty();
        String node = Params.string(ctx, MasterApi.NODE, "");
        HayloftException.checkArgument(!markedFull || !node.isBlank(), "report=full needs node=ip:port");
        if (markedFull) {
            HostPort.parse(node, MasterApi.NODE);
            FullReportBudget.Admission admission = fullReports.tryAdmit(beatsInFlight.get());
            if (!admission.admitted()) {
                defer(ctx, node, admission);
                return;
            }
        }
        Heartbeat hb = Json.read(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                Heartbeat.class);
        HayloftException.checkArgument(hb.ip() != null && !hb.ip().isBlank(), "heartbeat needs an ip");
        HayloftException.checkArgument(HostPort.isValidHost(hb.ip()),
                "heartbeat ip '" + hb.ip() + "' is neither a host name nor an IP address");
        HayloftException.checkArgument(hb.port() > 0 && hb.port() <= 65535, "heartbeat needs a port 1..65535");
        HayloftException.checkArgument(hb.maxVolumeCount() >= 0, "maxVolumeCount must not be negative");
        HayloftException.checkArgument(!markedFull || (!hb.delta() && node.equals(hb.url())),
                "report=full marks a full report from node " + node + "; the body is "
                        + (hb.delta() ? "a delta" : "from " + hb.url()));
        if (!markedFull && !hb.delta()) {
            FullReportBudget.Admission admission = fullReports.tryAdmit(beatsInFlight.get());
            if (!admission.admitted()) {
                defer(ctx, hb.url(), admission);
                return;
            }
        }
        String leader = master.raft().leaderHttpAddress().orElse("");
        Topology.HeartbeatOutcome outcome = master.topology().heartbeat(hb);
        if (master.raft().isLeader()) {
            if (outcome.maxVolumeId() > master.raft().state().maxVolumeId()) {
                master.raft().raiseVolumeId(outcome.maxVolumeId());
            }
            master.sequencer().observe(hb.maxFileKey());
        }
        Responses.json(ctx, 200, new HeartbeatResponse(master.topology().volumeSizeLimit(), leader,
                master.raft().peerHttpAddresses(), outcome.expectedVolumes(), outcome.fullReportNeeded()));
    }

    private void defer(RoutingContext ctx, String nodeUrl, FullReportBudget.Admission admission) {
        master.topology().touch(nodeUrl);
        Responses.json(ctx, 200, new HeartbeatResponse(master.topology().volumeSizeLimit(),
                master.raft().leaderHttpAddress().orElse(""), master.raft().peerHttpAddresses(), null, false)
                .withFullReportDeferred(admission.retryAfter().toMillis()));
    }

    /**
     * {@code ?address=ip:port} → {@code {"nodeId":N}}: one Raft entry hands out the next node id and
     * records it with the address in the node registry; a follower forwards.
     */
    void nodeId(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.NODE_ID.params());
        String address = Params.string(ctx, "address", "");
        HayloftException.checkArgument(!address.isBlank(), "address is required (host:port)");
        HostPort.parse(address, "address");
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, new NodeIdResponse(master.raft().registerNode(address)));
    }
}
