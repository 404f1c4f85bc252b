package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.repair.ClusterView.ReplicaView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evens out how many replicas each volume server holds relative to its slots ({@code POST
 * /vol/balance}). The plan repeatedly moves one replica from the most loaded server (replicas over
 * slots) to the least loaded one, as long as the move leaves the source at least as loaded as the
 * target (so every move strictly evens the cluster and the plan ends), choosing the smallest
 * volume whose placement still {@link PlacementRules#fits fits} afterwards and that the target does
 * not hold (never two replicas on one server). Misplaced and busy volumes are left alone. The moves
 * run one at a time through the {@link VolumeMover}. Thread-safe.
 */
public final class VolumeBalancer {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeBalancer.class);

    private final Topology topology;
    private final VolumeMover mover;
    private final BusyVolumes busy;

    public VolumeBalancer(Topology topology, VolumeMover mover, BusyVolumes busy) {
        this.topology = topology;
        this.mover = mover;
        this.busy = busy;
    }

    /** A planned balance: the moves and the replica counts before and after them. */
    record Plan(List<BalanceReport.Move> moves, Map<String, Integer> before, Map<String, Integer> after) {
    }

    /**
     * Plans a balance and, with {@code apply}, runs its moves one at a time (a failed move is reported
     * and the next one still runs).
     *
     * @param collection only this collection's volumes count and move; null for all
     */
    public BalanceReport balance(String collection, boolean apply) {
        Plan plan = plan(ClusterView.of(topology), collection, busy.snapshot());
        if (!apply) {
            return new BalanceReport(false, plan.moves(), plan.before(), plan.after());
        }
        List<BalanceReport.Move> done = new ArrayList<>();
        for (BalanceReport.Move m : plan.moves()) {
            try {
                mover.move(VolumeId.of(m.volume()), m.source(), m.target());
                done.add(new BalanceReport.Move(m.volume(), m.source(), m.target(), true, null));
            } catch (RuntimeException e) {
                LOG.warn("balance: moving volume {} from {} to {} failed: {}", m.volume(), m.source(), m.target(),
                        e.getMessage());
                done.add(new BalanceReport.Move(m.volume(), m.source(), m.target(), false,
                        String.valueOf(e.getMessage())));
            }
        }
        return new BalanceReport(true, done, plan.before(), counts(ClusterView.of(topology), collection));
    }

    /** Plans the moves over {@code view}; pure. */
    static Plan plan(ClusterView view, String collection, Set<VolumeId> busyVolumes) {
        List<NodeView> nodes = view.nodes().stream().filter(n -> n.maxVolumeCount() > 0).toList();
        Map<String, Integer> count = counts(view, collection);
        Map<String, Integer> before = new TreeMap<>(count);
        Map<String, Integer> free = new HashMap<>();
        view.nodes().forEach(n -> free.put(n.url(), n.freeSlots()));
        Map<VolumeId, List<NodeView>> where = new HashMap<>();
        Map<VolumeId, VolumeView> volumes = new HashMap<>();
        for (VolumeView v : view.volumes()) {
            if (matches(v, collection)) {
                where.put(v.id(), new ArrayList<>(v.nodes()));
                volumes.put(v.id(), v);
            }
        }
        List<BalanceReport.Move> moves = new ArrayList<>();
        while (true) {
            BalanceReport.Move move = nextMove(nodes, count, free, where, volumes, busyVolumes);
            if (move == null) {
                break;
            }
            moves.add(move);
            List<NodeView> on = where.get(VolumeId.of(move.volume()));
            on.removeIf(n -> n.url().equals(move.source()));
            on.add(nodes.stream().filter(n -> n.url().equals(move.target())).findFirst().orElseThrow());
            count.merge(move.source(), -1, Integer::sum);
            count.merge(move.target(), 1, Integer::sum);
            free.merge(move.source(), 1, Integer::sum);
            free.merge(move.target(), -1, Integer::sum);
        }
        return new Plan(moves, before, new TreeMap<>(count));
    }

    private static BalanceReport.Move nextMove(List<NodeView> nodes, Map<String, Integer> count,
                                               Map<String, Integer> free, Map<VolumeId, List<NodeView>> where,
                                               Map<VolumeId, VolumeView> volumes, Set<VolumeId> busyVolumes) {
        Comparator<NodeView> byLoad = (a, b) -> {
            long cross = (long) count.get(a.url()) * b.maxVolumeCount()
                    - (long) count.get(b.url()) * a.maxVolumeCount();
            return cross != 0 ? Long.signum(cross) : a.url().compareTo(b.url());
        };
        List<NodeView> ascending = new ArrayList<>(nodes);
        ascending.sort(byLoad);
        List<NodeView> descending = ascending.reversed();
        for (NodeView s : descending) {
            for (NodeView d : ascending) {
                // after the move the source must stay at least as loaded as the target: (cd+1)/md <= (cs-1)/ms
                if ((long) (count.get(d.url()) + 1) * s.maxVolumeCount()
                        > (long) (count.get(s.url()) - 1) * d.maxVolumeCount()) {
                    break;
                }
                if (free.get(d.url()) <= 0) {
                    continue;
                }
                VolumeView best = null;
                long bestSize = Long.MAX_VALUE;
                for (Map.Entry<VolumeId, List<NodeView>> e : where.entrySet()) {
                    List<NodeView> on = e.getValue();
                    if (busyVolumes.contains(e.getKey()) || on.stream().noneMatch(n -> n.url().equals(s.url()))
                            || on.stream().anyMatch(n -> n.url().equals(d.url()))) {
                        continue;
                    }
                    VolumeView v = volumes.get(e.getKey());
                    if (!PlacementRules.fits(on, v.key().replication())
                            || !PlacementRules.fits(PlacementRules.afterMove(on, s.url(), d), v.key().replication())) {
                        continue;
                    }
                    long size = v.replicas().stream().filter(r -> r.url().equals(s.url())).findFirst()
                            .map(r -> r.info().size()).orElse(0L);
                    if (best == null || size < bestSize || (size == bestSize && v.id().compareTo(best.id()) < 0)) {
                        best = v;
                        bestSize = size;
                    }
                }
                if (best != null) {
                    return new BalanceReport.Move(best.id().value(), s.url(), d.url(), false, null);
                }
            }
        }
        return null;
    }

    /** Replicas per server (every server, 0 included), of {@code collection} or all. */
    static Map<String, Integer> counts(ClusterView view, String collection) {
        Map<String, Integer> count = new TreeMap<>();
        view.nodes().forEach(n -> count.put(n.url(), 0));
        for (VolumeView v : view.volumes()) {
            if (matches(v, collection)) {
                for (ReplicaView r : v.replicas()) {
                    count.merge(r.url(), 1, Integer::sum);
                }
            }
        }
        return count;
    }

    private static boolean matches(VolumeView v, String collection) {
        return collection == null || collection.equals(v.key().collection());
    }
}
