package io.hayloft.master.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.repair.ClusterView;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.WriteHold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a replicated volume into an erasure-coded one ({@code POST /vol/ec/encode}, {@code hayloft shell
 * ec.encode}):
 *
 * <pre>
 *   plan (EcPlacement) ─► mark busy, hold writes ─► mark every replica read-only (sealed)
 *     ─► encode on one replica (all 14 shards there) ─► each target copies its shards from it (verified
 *        block by block against the .ecm) ─► the source drops the shards it does not keep
 *     ─► wait until every holder's heartbeat reports its shards (registered)
 *     ─► only then delete the replicated volume from every replica
 * </pre>
 *
 * A failure before the last step removes every shard written and gives the replicas their writability
 * back: the replicated volume is never touched until its shards are whole and registered. Thread-safe;
 * blocks for the whole encoding (call from a virtual thread).
 */
public final class EcEncoding {
    /** RS(10,4). */
    public static final int DATA_SHARDS = 10;
    public static final int PARITY_SHARDS = 4;
    public static final int TOTAL_SHARDS = DATA_SHARDS + PARITY_SHARDS;

    private static final Logger LOG = LoggerFactory.getLogger(EcEncoding.class);

    private final Topology topology;
    private final VolumeServerAdmin volumes;
    private final EcShardAdmin shards;
    private final BusyVolumes busy;
    private final Duration registerTimeout;

    /**
     * @param registerTimeout how long the shard holders' heartbeats may take to report their shards
     */
    public EcEncoding(Topology topology, VolumeServerAdmin volumes, EcShardAdmin shards, BusyVolumes busy,
                      Duration registerTimeout) {
        this.topology = topology;
        this.volumes = volumes;
        this.shards = shards;
        this.busy = busy;
        this.registerTimeout = registerTimeout;
    }

    /**
     * Plans, and with {@code apply} carries out, the erasure coding of volume {@code id}.
     *
     * @param collection the collection the volume must be in, or null for any
     * @throws HayloftException NOT_FOUND for an unknown volume (or one of another collection); CONFLICT when
     *                          it is erasure-coded already or busy; NOT_ACCEPTABLE when the cluster cannot
     *                          hold its shards safely; the failing step's error otherwise (nothing changed)
     */
    public EcEncodeReport encode(VolumeId id, String collection, boolean apply) {
        ClusterView view = ClusterView.of(topology);
        VolumeView v = view.volume(id).orElseThrow(() -> topology.ecVolume(id).isPresent()
                ? new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is erasure-coded already")
                : HayloftException.notFound("volume " + id + " not found"));
        if (collection != null && !collection.equals(v.key().collection())) {
            throw HayloftException.notFound("volume " + id + " is in collection '" + v.key().collection()
                    + "', not '" + collection + "'");
        }
        HayloftException.checkArgument(v.key().ttl().isNone(), "volume " + id + " has a TTL (" + v.key().ttl()
                + "): it expires whole, so erasure coding it saves nothing");
        if (topology.ecVolume(id).isPresent()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " has erasure-coded shards already");
        }
        List<String> replicas = v.urls().stream().sorted().toList();
        String source = replicas.getFirst();
        EcPlacement.Plan plan = EcPlacement.place(candidates(view, replicas), allShards(), TOTAL_SHARDS,
                PARITY_SHARDS);
        EcEncodeReport planned = report(id, v.key().collection(), false, source, replicas, plan);
        if (!apply) {
            return planned;
        }
        if (!busy.tryMark(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is being copied, moved or encoded");
        }
        try (WriteHold hold = topology.holdWrites(id)) {
            run(id, v.key().collection(), source, replicas, v, plan);
        } finally {
            busy.release(id);
        }
        return report(id, v.key().collection(), true, source, replicas, plan);
    }

    private void run(VolumeId id, String collection, String source, List<String> replicas, VolumeView v,
                     EcPlacement.Plan plan) {
        List<String> wasWritable = v.replicas().stream().filter(r -> !r.info().readOnly())
                .map(ClusterView.ReplicaView::url).toList();
        List<String> touched = new ArrayList<>();
        try {
            for (String url : replicas) {
                volumes.mark(url, id, true);
                topology.markReadOnly(id, url);
            }
            touched.add(source);
            shards.encode(source, id);
            for (Map.Entry<String, SortedSet<Integer>> t : plan.targets().entrySet()) {
                if (!t.getKey().equals(source)) {
                    touched.add(t.getKey());
                    shards.copy(t.getKey(), id, collection, source, t.getValue());
                }
            }
            SortedSet<Integer> drop = allShards();
            drop.removeAll(plan.targets().getOrDefault(source, new TreeSet<>()));
            if (!drop.isEmpty()) {
                shards.delete(source, id, drop);
                topology.dropEcShards(id, source, bits(drop));
            }
            Map<String, Long> expected = new LinkedHashMap<>();
            plan.targets().forEach((url, s) -> expected.put(url, bits(s)));
            if (!topology.awaitEcShards(id, expected, registerTimeout)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "the shards of volume " + id + " were written but "
                        + "not every holder reported them within " + registerTimeout + "; the volume is kept");
            }
        } catch (RuntimeException | InterruptedException e) {
            undo(id, touched, wasWritable);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted encoding volume " + id, e);
            }
            throw (RuntimeException) e;
        }
        List<String> failed = new ArrayList<>();
        for (String url : replicas) {
            try {
                volumes.delete(url, id);
                topology.dropReplica(id, url);
            } catch (HayloftException e) {
                failed.add(url + ": " + e.getMessage());
            }
        }
        LOG.info("volume {} erasure-coded: shards {}; replicas deleted from {}", id, plan.targets(), replicas);
        if (!failed.isEmpty()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " is erasure-coded and its shards "
                    + "registered, but deleting its replicas failed on " + failed + "; delete them with volume.delete");
        }
    }

    /** Removes every shard written and gives writable replicas their writability back; best effort, logged. */
    private void undo(VolumeId id, List<String> touched, List<String> wasWritable) {
        for (String url : touched) {
            try {
                shards.delete(url, id, allShards());
                topology.dropEcShards(id, url, bits(allShards()));
            } catch (HayloftException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    LOG.warn("cannot remove the shards of volume {} from {} after a failed encoding: {}", id, url,
                            e.getMessage());
                }
            }
        }
        for (String url : wasWritable) {
            try {
                volumes.mark(url, id, false);
            } catch (HayloftException e) {
                LOG.warn("cannot make volume {} writable again on {}: {}", id, url, e.getMessage());
            }
        }
    }

    private static List<EcPlacement.Candidate> candidates(ClusterView view, List<String> replicas) {
        List<EcPlacement.Candidate> out = new ArrayList<>();
        for (NodeView n : view.nodes()) {
            // a replica's slot frees once the volume is deleted there
            int slots = n.freeSlots() + (replicas.contains(n.url()) ? 1 : 0);
            out.add(new EcPlacement.Candidate(n.url(), n.rackKey(), slots * DATA_SHARDS, 0));
        }
        return out;
    }

    static SortedSet<Integer> allShards() {
        SortedSet<Integer> all = new TreeSet<>();
        for (int i = 0; i < TOTAL_SHARDS; i++) {
            all.add(i);
        }
        return all;
    }

    static long bits(SortedSet<Integer> shards) {
        long bits = 0;
        for (int s : shards) {
            bits |= 1L << s;
        }
        return bits;
    }

    private static EcEncodeReport report(VolumeId id, String collection, boolean applied, String source,
                                         List<String> replicas, EcPlacement.Plan plan) {
        String note = plan.rackSafe() ? null : plan.racks() < (TOTAL_SHARDS + PARITY_SHARDS - 1) / PARITY_SHARDS
                ? "the cluster has " + plan.racks() + " rack(s): losing one rack can lose more than " + PARITY_SHARDS
                + " shards (" + ((TOTAL_SHARDS + PARITY_SHARDS - 1) / PARITY_SHARDS) + " racks are needed)"
                : "the racks have too little room to keep " + PARITY_SHARDS + " shards or fewer in each";
        return new EcEncodeReport(id.value(), collection, applied, source, replicas, plan.targets(), plan.rackSafe(),
                plan.racks(), note);
    }
}
