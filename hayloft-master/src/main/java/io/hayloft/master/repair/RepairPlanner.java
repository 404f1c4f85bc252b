package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.repair.ClusterView.ReplicaView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.repair.RepairPlan.Copy;
import io.hayloft.master.repair.RepairPlan.OverReplicated;
import io.hayloft.master.repair.RepairPlan.UnderReplicated;
import io.hayloft.master.repair.RepairPlan.Unfixable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides what a repair pass does, as a pure function of a {@link ClusterView} and which volumes
 * are due (the grace and pulse counting live in {@link ReplicaTracker}):
 *
 * <ul>
 *   <li>a due volume with fewer replicas than its placement's copies gets copies: targets chosen by
 *       {@link PlacementRules#extend} (most free slots first, the placement kept, never a server
 *       holding the volume, a busy target or one whose free slots this plan used up), the source
 *       being the surviving replica modified last (then most files, then url);</li>
 *   <li>a due volume with more replicas loses the surplus, one at a time: among the replicas whose
 *       removal keeps the placement ({@link PlacementRules#fits}), the one modified longest ago,
 *       then with the fewest files, then by url;</li>
 *   <li>a volume no server can complete is unfixable, with the reason.</li>
 * </ul>
 * Busy volumes (a copy or move in flight) are skipped. Thread-safe (stateless).
 */
public final class RepairPlanner {
    private RepairPlanner() {
    }

    /**
     * What the planner is told besides the view.
     *
     * @param underDue    true for an under-replicated volume that has waited its grace
     * @param overDue     true for an over-replicated volume seen so long enough
     * @param busy        volumes being copied or moved: left alone
     * @param busyTargets servers receiving a copy now: not chosen as targets
     * @param collection  only this collection's volumes; null for all
     * @param maxVolumes  the most due under-replicated volumes to place copies for (each costs a look at every
     *                    server); the others due are counted in {@link RepairPlan#unplanned}. A pass gives what
     *                    its free copy slots can start, so a storm of under-replicated volumes (a master that
     *                    has not heard from every server yet) costs a pass a few choices, not one per volume
     * @param after       the due volumes are taken in id order from the first above this one, wrapping around
     *                    (a pass starts where the last one stopped, so an unfixable volume does not hold up the
     *                    others); null to start at the lowest
     */
    public record Input(Predicate<VolumeId> underDue, Predicate<VolumeId> overDue, Set<VolumeId> busy,
                        Set<String> busyTargets, String collection, int maxVolumes, VolumeId after) {
        public Input {
            busy = Set.copyOf(busy);
            busyTargets = Set.copyOf(busyTargets);
            if (maxVolumes < 0) {
                throw new IllegalArgumentException("maxVolumes must not be negative, got " + maxVolumes);
            }
        }

        /** Every due volume, from the lowest id. */
        public Input(Predicate<VolumeId> underDue, Predicate<VolumeId> overDue, Set<VolumeId> busy,
                     Set<String> busyTargets, String collection) {
            this(underDue, overDue, busy, busyTargets, collection, Integer.MAX_VALUE, null);
        }

        /** Everything due now, nothing busy: what {@code /vol/fix/replication} asks for. */
        public static Input now(Set<VolumeId> busy, Set<String> busyTargets, String collection) {
            return new Input(id -> true, id -> true, busy, busyTargets, collection);
        }
    }

    /** Plans a pass over {@code view}. */
    public static RepairPlan plan(ClusterView view, Input in) {
        Map<String, Integer> free = new HashMap<>();
        view.nodes().forEach(n -> free.put(n.url(), n.freeSlots()));
        List<UnderReplicated> under = new ArrayList<>();
        List<OverReplicated> over = new ArrayList<>();
        List<Unfixable> unfixable = new ArrayList<>();
        List<VolumeView> due = new ArrayList<>();
        for (VolumeView v : view.volumes()) {
            boolean otherCollection = in.collection() != null && !in.collection().equals(v.key().collection());
            if (in.busy().contains(v.id()) || otherCollection) {
                continue;
            }
            int have = v.replicas().size();
            if (have < v.copies() && in.underDue().test(v.id())) {
                due.add(v);
            } else if (have > v.copies() && in.overDue().test(v.id())) {
                over.add(new OverReplicated(v, surplus(v)));
            }
        }
        int first = 0;
        if (in.after() != null) {
            while (first < due.size() && due.get(first).id().compareTo(in.after()) <= 0) {
                first++;
            }
        }
        int tried = Math.min(due.size(), in.maxVolumes());
        for (int i = 0; i < tried; i++) {
            planCopies(view, due.get((first + i) % due.size()), in, free, under, unfixable);
        }
        return new RepairPlan(under, over, unfixable, due.size() - tried);
    }

    private static void planCopies(ClusterView view, VolumeView v, Input in, Map<String, Integer> free,
                                   List<UnderReplicated> under, List<Unfixable> unfixable) {
        List<NodeView> candidates = view.nodes().stream()
                .filter(n -> !in.busyTargets().contains(n.url()))
                .map(n -> new NodeView(n.url(), n.dataCenter(), n.rack(), n.maxVolumeCount(), free.get(n.url())))
                .toList();
        int missing = v.copies() - v.replicas().size();
        PlacementRules.Extension ext = PlacementRules.extend(v.nodes(), v.key().replication(), candidates, missing);
        if (!ext.targets().isEmpty()) {
            String source = freshest(v.replicas()).url();
            List<Copy> copies = new ArrayList<>();
            for (NodeView target : ext.targets()) {
                copies.add(new Copy(v.id(), source, target.url()));
                free.merge(target.url(), -1, Integer::sum);
            }
            under.add(new UnderReplicated(v, copies));
        }
        if (ext.reason() != null) {
            String reason = ext.targets().isEmpty() ? ext.reason()
                    : "only " + ext.targets().size() + " of " + missing + " missing replicas can be placed: "
                            + ext.reason();
            unfixable.add(new Unfixable(v.id(), "replication " + v.key().replication() + ", replicas on " + v.urls()
                    + ": " + reason));
        }
    }

    /** The replica to copy from: modified last, then most files, then the smallest url. */
    static ReplicaView freshest(List<ReplicaView> replicas) {
        return replicas.stream().min(Comparator.<ReplicaView>comparingLong(r -> -r.info().modifiedAtSecond())
                .thenComparingLong(r -> -r.info().fileCount())
                .thenComparing(ReplicaView::url)).orElseThrow();
    }

    /** The replicas to remove so that the copies asked for remain, stalest first. */
    static List<String> surplus(VolumeView v) {
        List<ReplicaView> left = new ArrayList<>(v.replicas());
        List<String> remove = new ArrayList<>();
        Comparator<ReplicaView> stalest = Comparator.<ReplicaView>comparingLong(r -> r.info().modifiedAtSecond())
                .thenComparingLong(r -> r.info().fileCount())
                .thenComparing(ReplicaView::url);
        while (left.size() > v.copies()) {
            List<ReplicaView> keeping = left.stream().filter(r -> PlacementRules.fits(
                    left.stream().filter(o -> o != r).map(ReplicaView::node).toList(), v.key().replication())).toList();
            // when no removal keeps the placement (it was broken already), the count is still fixed
            ReplicaView gone = (keeping.isEmpty() ? left : keeping).stream().min(stalest).orElseThrow();
            left.remove(gone);
            remove.add(gone.url());
        }
        return remove;
    }
}
