package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.FileId;
import io.hayloft.api.FileIdPath;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardLocations;
import io.hayloft.api.wire.Location;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Topology;
import java.util.ArrayList;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.http.RoleGuard;
import io.hayloft.security.FidTokens;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.assign.Assignment;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /dir/assign}, {@code /dir/lookup} and the {@code GET /<fid>} redirect. Assign and the redirect
 * run on virtual threads (an assignment may block on growth and Raft); lookups, and assignments the
 * current key block can serve, on the event loop.
 */
final class DirectoryHandlers {
    private static final Set<String> LOOKUP = MasterApi.LOOKUP.params();

    private final MasterContext master;
    private final LeaderProxy proxy;
    private final RoleGuard roles;
    private final Optional<FidTokens> writeTokens;
    private final Optional<FidTokens> readTokens;

    /** @param roles tells a role's (or the operator's tool's) request, which may get a delete token from lookup */
    DirectoryHandlers(MasterContext master, LeaderProxy proxy, RoleGuard roles) {
        this.master = master;
        this.proxy = proxy;
        this.roles = roles;
        this.writeTokens = master.config().security().write();
        this.readTokens = master.config().security().read();
    }

    /** The answer to an assignment: with a token for its fids when writes are signed. */
    private AssignResponse answer(Assignment a) {
        AssignResponse r = a.toResponse();
        return writeTokens.map(t -> r.withAuth(t.mint(a.fid(), a.count()))).orElse(r);
    }

    /** {@code /dir/assign} → 200 {@code {fid,url,publicUrl,count}}; served by the leader, forwarded by a follower. */
    void assign(RoutingContext ctx) {
        Params.allowOnly(ctx, RequestParams.ASSIGN);
        if (proxy.forward(ctx, ctx.body().buffer())) {
            return;
        }
        Assignment a = master.assigner().assign(RequestParams.assign(ctx, master.config().defaultReplication()));
        Responses.json(ctx, 200, answer(a));
    }

    /**
     * {@code GET /dir/assign} on the event loop: when this master is the leader, a writable volume is
     * known and the current key block has room, it answers at once (no hand-off to a virtual thread,
     * which cost more than the assignment itself); otherwise it hands the request to {@code fallback},
     * the router's {@link #assign} on a virtual thread (forwarding, growth, key block refills block).
     * Call on the event loop.
     */
    void assignOnEventLoop(RoutingContext ctx, Handler<RoutingContext> fallback) {
        try {
            Params.allowOnly(ctx, RequestParams.ASSIGN);
            if (!master.raft().isLeader()) {
                fallback.handle(ctx);
                return;
            }
            Optional<Assignment> a = master.assigner().tryAssign(
                    RequestParams.assign(ctx, master.config().defaultReplication()));
            if (a.isPresent()) {
                Responses.json(ctx, 200, answer(a.get()));
            } else {
                fallback.handle(ctx);
            }
        } catch (RuntimeException e) {
            Responses.fail(ctx, e);
        }
    }

    /**
     * {@code /dir/lookup?volumeId=N|fileId=fid} → 200 locations, 404 when unknown. An erasure-coded volume
     * answers every server holding a shard as {@code locations} and which holds which as {@code ecShards} (and, once
     * compacted, the latest generation a holder serves as {@code ecGeneration}); a
     * volume with replicas and shards at once answers its replicas as {@code locations}, and {@code ecShards}.
     * A {@code fileId=} lookup also carries, with signed writes, a token to delete that fid ({@code auth}) when
     * the caller is trusted with deletes ({@link #trustedWithDeletes}), and with signed reads a token to read it
     * ({@code readAuth}).
     */
    void lookup(RoutingContext ctx) {
        String asked = askedFor(ctx);
        Responses.json(ctx, 200, withTokens(ctx, asked, locate(asked, RequestParams.collection(ctx).orElse(""))));
    }

    /**
     * {@link #lookup} on the event loop when the topology's lock is free now; otherwise it hands the
     * request to {@code fallback} ({@link #lookup} on a virtual thread), so the event loop never waits
     * behind a heartbeat being applied. Every failure is answered as JSON. Call on the event loop.
     */
    void lookupOnEventLoop(RoutingContext ctx, Handler<RoutingContext> fallback) {
        try {
            String asked = askedFor(ctx);
            String collection = RequestParams.collection(ctx).orElse("");
            LookupResponse answer = master.topology().tryRun(() -> locate(asked, collection));
            if (answer == null) {
                fallback.handle(ctx);
                return;
            }
            Responses.json(ctx, 200, withTokens(ctx, asked, answer));
        } catch (RuntimeException e) {
            Responses.fail(ctx, e);
        }
    }

    /** The volume id or fid a lookup asks for, checked. */
    private static String askedFor(RoutingContext ctx) {
        Params.allowOnly(ctx, LOOKUP);
        String asked = Params.string(ctx, "volumeId", "");
        if (asked.isEmpty()) {
            asked = Params.string(ctx, "fileId", "");
        }
        HayloftException.checkArgument(!asked.isEmpty(), "volumeId or fileId is required");
        return asked;
    }

    /** Where the volume of {@code asked} is (tokens not included); NOT_FOUND when unknown in {@code collection}. */
    private LookupResponse locate(String asked, String collection) {
        int comma = asked.indexOf(',');
        VolumeId id = comma >= 0 ? FileId.parse(asked).volumeId() : VolumeId.parse(asked);
        Optional<List<Location>> replicated = master.topology().lookup(id)
                .filter(l -> collection.isEmpty()
                        || master.topology().collectionOf(id).map(collection::equals).orElse(false));
        Optional<Topology.EcVolumeView> coded = master.topology().ecVolume(id)
                .filter(v -> collection.isEmpty() || v.collection().equals(collection));
        List<EcShardLocations> shards = coded.map(ec -> {
            List<EcShardLocations> out = new ArrayList<>();
            ec.holders().forEach((shard, nodes) -> out.add(new EcShardLocations(shard,
                    nodes.stream().map(DataNode::location).toList())));
            return out;
        }).orElse(null);
        if (replicated.isPresent()) {
            // replicas and shards at once (an encoding between its registration and the replicas' delete, or
            // cut short there by a crash): clients read the replicas; shard holders still find each other
            return new LookupResponse(asked, asked, replicated.get(), shards)
                    .withEcGeneration(coded.map(Topology.EcVolumeView::generation).orElse(0));
        }
        Topology.EcVolumeView ec = coded.orElseThrow(() -> HayloftException.notFound("volume id " + id + " not found"));
        return new LookupResponse(asked, asked, ec.nodes().stream().map(DataNode::location).toList(), shards)
                .withEcGeneration(ec.generation());
    }

    /** {@code answer} with the tokens a {@code fileId=} lookup hands out to this caller. */
    private LookupResponse withTokens(RoutingContext ctx, String asked, LookupResponse answer) {
        if (asked.indexOf(',') < 0 || (writeTokens.isEmpty() && readTokens.isEmpty())) {
            return answer;
        }
        FileId fid = FileId.parse(asked);
        String write = writeTokens.isPresent() && trustedWithDeletes(ctx) ? writeTokens.get().mint(fid, 1) : null;
        String read = readTokens.map(t -> t.mint(fid, 1)).orElse(null);
        return answer.withAuth(write, read);
    }

    /**
     * Whether a lookup's caller may have a delete token: with an {@code [internal] key}, only a caller that
     * shows the internal token (a role, the shell, a tool holding {@code security.toml}); without one, any
     * caller the white list lets write (SeaweedFS's rule).
     */
    private boolean trustedWithDeletes(RoutingContext ctx) {
        if (master.config().security().internal().isPresent()) {
            return roles.hasInternalToken(ctx.request());
        }
        io.vertx.core.net.SocketAddress remote = ctx.request().remoteAddress();
        return master.config().whiteList().allows(remote == null ? null : remote.hostAddress());
    }

    /** {@code GET /<fid>} (any fid URL form) → 302 to a replica's {@code publicUrl} with the same path. */
    void redirect(RoutingContext ctx) {
        FileIdPath path = FileIdPath.parse(ctx.request().path());
        VolumeId id = path.fileId().volumeId();
        List<Location> locations = master.topology().lookup(id)
                .or(() -> master.topology().ecVolume(id).map(v -> v.nodes().stream().map(DataNode::location).toList()))
                .orElseThrow(() -> HayloftException.notFound("volume id " + id + " not found"));
        Location target = locations.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(locations.size()));
        String query = ctx.request().query();
        ctx.response().setStatusCode(302)
                .putHeader("Location", "http://" + target.publicUrl() + ctx.request().path()
                        + (query == null || query.isEmpty() ? "" : "?" + query))
                .end();
    }
}
