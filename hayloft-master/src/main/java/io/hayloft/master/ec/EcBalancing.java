package io.hayloft.master.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.repair.ClusterView;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads the shards of erasure-coded volumes evenly over servers and racks ({@code POST /vol/ec/balance},
 * {@code hayloft shell ec.balance}): {@link EcShardBalance} plans the moves; each group of shards of one
 * volume going from one server to another is then
 *
 * <pre>
 *   copied by the target from the source (every block verified) ─► await the target's heartbeat
 *   (registered) ─► only then dropped on the source
 * </pre>
 *
 * so a volume never has fewer copies of a shard than before. A failure leaves the shards on the source
 * (a copy that was not registered is dropped again on the target). Thread-safe; blocks for the whole
 * balance (call from a virtual thread).
 */
public final class EcBalancing {
    private static final Logger LOG = LoggerFactory.getLogger(EcBalancing.class);

    private final Topology topology;
    private final EcShardAdmin shards;
    private final BusyVolumes busy;
    private final Duration registerTimeout;

    /**
     * @param registerTimeout how long a target may take to report the shards it copied
     */
    public EcBalancing(Topology topology, EcShardAdmin shards, BusyVolumes busy, Duration registerTimeout) {
        this.topology = topology;
        this.shards = shards;
        this.busy = busy;
        this.registerTimeout = registerTimeout;
    }

    /**
     * Plans, and with {@code apply} carries out, the moves that balance the erasure-coded volumes of
     * {@code collection} (all when null). Volumes busy (being encoded, rebuilt or decoded) are left out of an
     * applied run.
     *
     * @return the moves and their outcome; a failed move is reported, never thrown
     */
    public EcBalanceReport balance(String collection, boolean apply) {
        ClusterView view = ClusterView.of(topology);
        List<EcShardBalance.Node> nodes = new ArrayList<>();
        for (NodeView n : view.nodes()) {
            nodes.add(new EcShardBalance.Node(n.url(), n.rackKey(),
                    n.freeSlots() * EcEncoding.DATA_SHARDS + EcRebuilding.spareInSlot(topology, n.url())));
        }
        List<EcShardBalance.Volume> volumes = new ArrayList<>();
        for (Topology.EcVolumeView v : topology.ecVolumes().values()) {
            if (collection != null && !collection.equals(v.collection())) {
                continue;
            }
            SortedMap<Integer, String> holders = new TreeMap<>();
            v.holders().forEach((shard, on) -> holders.put(shard, on.stream().map(DataNode::url).sorted()
                    .findFirst().orElseThrow()));
            volumes.add(new EcShardBalance.Volume(v.id().value(), v.collection(), holders));
        }
        List<EcShardBalance.Move> planned = EcShardBalance.plan(nodes, volumes, EcEncoding.TOTAL_SHARDS,
                EcEncoding.PARITY_SHARDS);
        // group by volume, source, target: one copy and one drop each
        SortedMap<String, EcBalanceReport.Moved> groups = new TreeMap<>();
        for (EcShardBalance.Move m : planned) {
            String key = String.format("%010d %s %s", m.volume(), m.from(), m.to());
            EcBalanceReport.Moved g = groups.computeIfAbsent(key, k -> new EcBalanceReport.Moved(m.volume(),
                    m.collection(), new TreeSet<>(), m.from(), m.to(), false, null));
            g.shards().add(m.shard());
        }
        List<EcBalanceReport.Moved> out = new ArrayList<>();
        for (EcBalanceReport.Moved g : groups.values()) {
            out.add(apply ? move(g) : g);
        }
        return new EcBalanceReport(apply, volumes.size(), out);
    }

    private EcBalanceReport.Moved move(EcBalanceReport.Moved g) {
        VolumeId id = VolumeId.of(g.volume());
        if (!busy.tryMark(id)) {
            return failed(g, "volume " + id + " is busy (being encoded, rebuilt or decoded)");
        }
        boolean copied = false;
        try {
            shards.copy(g.to(), id, g.collection(), g.from(), g.shards());
            copied = true;
            long bits = EcEncoding.bits(g.shards());
            if (!topology.awaitEcShards(id, Map.of(g.to(), bits), registerTimeout)) {
                throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, g.to()
                        + " did not report the copied shards within " + registerTimeout);
            }
            shards.delete(g.from(), id, g.shards());
            topology.dropEcShards(id, g.from(), bits);
            LOG.info("erasure-coded volume {}: moved shards {} from {} to {}", id, g.shards(), g.from(), g.to());
            return new EcBalanceReport.Moved(g.volume(), g.collection(), g.shards(), g.from(), g.to(), true, null);
        } catch (HayloftException e) {
            if (copied) {
                undoCopy(g, id);
            }
            LOG.warn("erasure-coded volume {}: moving shards {} from {} to {} failed: {}", id, g.shards(), g.from(),
                    g.to(), e.getMessage());
            return failed(g, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            undoCopy(g, id);
            return failed(g, "interrupted");
        } finally {
            busy.release(id);
        }
    }

    /** Drops shards copied to a target that never reported them: the source still has them. */
    private void undoCopy(EcBalanceReport.Moved g, VolumeId id) {
        try {
            shards.delete(g.to(), id, g.shards());
        } catch (HayloftException e) {
            LOG.warn("erasure-coded volume {}: extra copies of shards {} left on {}: {}", id, g.shards(), g.to(),
                    e.getMessage());
        }
    }

    private static EcBalanceReport.Moved failed(EcBalanceReport.Moved g, String error) {
        return new EcBalanceReport.Moved(g.volume(), g.collection(), g.shards(), g.from(), g.to(), false, error);
    }
}
