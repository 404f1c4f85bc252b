package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.raft.HostPort;
import io.hayloft.master.repair.ClusterView;
import io.hayloft.master.repair.ClusterView.ReplicaView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.repair.VolumeMaintenance;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Replica maintenance, served by the leader (a follower forwards), blocking (virtual threads):
 * <pre>
 *   POST /vol/fix/replication[?apply=true][&amp;collection=c]   plan (and run) re-replication and surplus removal
 *   POST /vol/balance[?apply=true][&amp;collection=c]           plan (and run) moves that even out servers
 *   POST /vol/move?volume=N&amp;source=a:p&amp;target=b:p         move one replica
 *   POST /vol/mark?volume=N&amp;readonly=true|false[&amp;node=a:p] mark every replica (or one)
 *   POST /vol/delete?volume=N[&amp;node=a:p]                   delete every replica (or one)
 *   GET  /col/list                                          collections with volume, file and byte counts
 *   POST /vol/ec/encode?volume=N[&amp;collection=c][&amp;apply=true]   plan (and do) erasure coding of one volume
 *   POST /vol/ec/rebuild[?apply=true][&amp;collection=c]       erasure-coded health; rebuild lost shards
 *   POST /vol/ec/balance[?apply=true][&amp;collection=c]       spread erasure-coded shards evenly
 *   POST /vol/ec/decode?volume=N[&amp;collection=c][&amp;apply=true]   plan (and do) turning it back into a replicated volume
 *   POST /vol/ec/compact?volume=N[&amp;collection=c][&amp;apply=true]  plan (and do) a new shard generation without deletes
 * </pre>
 * Answers as {@code docs/self-healing.md} says. Input is checked before anything is forwarded or
 * changed: bad input is a 400, an unknown volume or server a 404, and nothing changes then.
 * Without {@code collection} every collection is concerned; {@code collection=} (empty) is the
 * default collection.
 */
final class MaintenanceHandlers {
    private static final Set<String> PLAN = MasterApi.FIX_REPLICATION.params();

    private final MasterContext master;
    private final LeaderProxy proxy;

    MaintenanceHandlers(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
    }

    private VolumeMaintenance maintenance() {
        return master.maintenance();
    }

    void fixReplication(RoutingContext ctx) {
        plan(ctx, (collection, apply) -> maintenance().repair().fix(collection, apply));
    }

    void balance(RoutingContext ctx) {
        plan(ctx, (collection, apply) -> maintenance().balancer().balance(collection, apply));
    }

    /** A plan-or-apply call: reads {@code collection} and {@code apply}, then answers what {@code run} reports. */
    private void plan(RoutingContext ctx, BiFunction<String, Boolean, Object> run) {
        Params.allowOnly(ctx, PLAN);
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, run.apply(collection, apply));
    }

    /** {@code POST /vol/ec/encode?volume=N[&collection=c&apply=true]}: plan (or do) one volume's erasure coding. */
    void ecEncode(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.EC_ENCODE.params());
        VolumeId volume = volume(ctx);
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.ec().encoding().encode(volume, collection, apply));
    }

    /** {@code POST /vol/ec/compact?volume=N[&collection=c&apply=true]}: plan (or do) one volume's compaction. */
    void ecCompact(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.EC_COMPACT.params());
        VolumeId volume = volume(ctx);
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.ec().compaction().compact(volume, collection, apply));
    }

    /** {@code POST /vol/ec/decode?volume=N[&collection=c&apply=true]}: plan (or do) one volume's decoding. */
    void ecDecode(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.EC_DECODE.params());
        VolumeId volume = volume(ctx);
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.ec().decoding().decode(volume, collection, apply));
    }

    /** {@code POST /vol/ec/rebuild[?collection=c&apply=true]}: erasure-coded health, and rebuilds. */
    void ecRebuild(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.EC_REBUILD.params());
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.ec().rebuilding().rebuild(collection, apply));
    }

    /** {@code POST /vol/ec/balance[?collection=c&apply=true]}: spread erasure-coded shards evenly. */
    void ecBalance(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.EC_BALANCE.params());
        boolean apply = Params.bool(ctx, "apply", false);
        String collection = collection(ctx);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, master.ec().balancing().balance(collection, apply));
    }

    void move(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.MOVE.params());
        VolumeId volume = volume(ctx);
        String source = node(ctx, "source", true);
        String target = node(ctx, "target", true);
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, maintenance().mover().move(volume, source, target));
    }

    void mark(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.MARK.params());
        VolumeId volume = volume(ctx);
        HayloftException.checkArgument(!Params.string(ctx, "readonly", "").isEmpty(),
                "parameter 'readonly' is required (true or false)");
        boolean readOnly = Params.bool(ctx, "readonly", false);
        String node = node(ctx, "node", false);
        if (proxy.forward(ctx, null)) {
            return;
        }
        List<String> nodes = maintenance().commands().mark(volume, readOnly, node);
        Responses.json(ctx, 200, Map.of("volume", volume.value(), "nodes", nodes));
    }

    void delete(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.VOLUME_DELETE.params());
        VolumeId volume = volume(ctx);
        String node = node(ctx, "node", false);
        if (proxy.forward(ctx, null)) {
            return;
        }
        List<String> deleted = maintenance().commands().delete(volume, node);
        Responses.json(ctx, 200, Map.of("volume", volume.value(), "deleted", deleted));
    }

    /** Every collection with its volumes (each counted once), live files and bytes (one replica each). */
    void listCollections(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.COLLECTION_LIST.params());
        if (proxy.forward(ctx, null)) {
            return;
        }
        Map<String, long[]> byName = new TreeMap<>();
        for (VolumeView v : ClusterView.of(master.topology()).volumes()) {
            long[] totals = byName.computeIfAbsent(v.key().collection(), k -> new long[3]);
            totals[0]++;
            totals[1] += v.replicas().stream().mapToLong(r -> r.info().fileCount()).max().orElse(0);
            totals[2] += v.replicas().stream().map(ReplicaView::info).mapToLong(i -> i.size()).max().orElse(0);
        }
        List<Map<String, Object>> collections = new ArrayList<>();
        byName.forEach((name, t) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", name);
            c.put("volumes", t[0]);
            c.put("files", t[1]);
            c.put("size", t[2]);
            collections.add(c);
        });
        Responses.json(ctx, 200, Map.of("collections", collections));
    }

    private static String collection(RoutingContext ctx) {
        return RequestParams.collection(ctx).orElse(null);
    }

    private static VolumeId volume(RoutingContext ctx) {
        String v = Params.string(ctx, "volume", "");
        HayloftException.checkArgument(!v.isEmpty(), "parameter 'volume' is required");
        return VolumeId.parse(v);
    }

    /** A volume server address {@code ip:port}; "" when optional and absent. */
    private static String node(RoutingContext ctx, String name, boolean required) {
        String v = Params.string(ctx, name, "");
        if (v.isEmpty()) {
            HayloftException.checkArgument(!required, "parameter '" + name + "' is required (ip:port)");
            return "";
        }
        HostPort.parse(v, name);
        return v;
    }
}
