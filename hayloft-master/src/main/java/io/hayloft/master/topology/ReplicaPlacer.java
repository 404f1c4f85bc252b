package io.hayloft.master.topology;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the nodes for one new volume under a replica placement {@code xyz}: the first replica on
 * a node the constraint admits, {@code z} more on other nodes of its rack, {@code y} on other racks
 * of its data center, {@code x} in other data centers, every replica on a distinct node with a free
 * slot. Among qualifying candidates it prefers the least used (most free slots), breaking ties at
 * random. Not thread-safe: {@link Topology} calls it under its lock.
 *
 * <pre>
 *   main DC ── main rack ── first node + z nodes
 *          └─ y other racks ── one node each
 *   x other DCs ── one node each
 * </pre>
 */
final class ReplicaPlacer {
    /** The message SeaweedFS clients know for "nothing can grow". */
    static final String NO_FREE_VOLUMES = "No free volumes left!";

    private final RandomGenerator random;

    ReplicaPlacer(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Returns the chosen nodes, first replica first.
     *
     * @throws HayloftException {@code NOT_ACCEPTABLE} with {@value #NO_FREE_VOLUMES} when no admitted
     *                          node has a free slot, or a message naming the unmet part of the code
     */
    List<DataNode> choose(Collection<DataCenter> dataCenters, ReplicaPlacement rp, PlacementConstraint constraint) {
        int x = rp.diffDataCenters();
        int y = rp.diffRacks();
        int z = rp.sameRack();
        boolean anyFirst = dataCenters.stream().flatMap(dc -> dc.racks().stream())
                .flatMap(r -> r.nodes().stream()).anyMatch(n -> n.freeSlots() > 0 && constraint.admits(n));
        if (!anyFirst) {
            throw notAcceptable(constraint.isAny() ? NO_FREE_VOLUMES
                    : NO_FREE_VOLUMES + " (no free slot on a node matching " + constraint + ")");
        }
        List<DataCenter> withFree = leastUsedFirst(dataCenters.stream().filter(dc -> dc.freeSlots() > 0).toList(),
                DataCenter::freeSlots);
        if (withFree.size() < x + 1) {
            throw notAcceptable("replication " + rp + " needs " + (x + 1) + " data centers with free slots, found "
                    + withFree.size());
        }
        String bestFailure = null;
        int bestFailureRank = -1;
        for (DataCenter dc : withFree) {
            List<Rack> racksWithFree = leastUsedFirst(dc.racks().stream().filter(r -> r.freeSlots() > 0).toList(),
                    Rack::freeSlots);
            if (racksWithFree.size() < y + 1) {
                if (bestFailureRank < 1) {
                    bestFailure = "replication " + rp + " needs " + (y + 1) + " racks in dc " + dc.id()
                            + ", found " + racksWithFree.size();
                    bestFailureRank = 0;
                }
                continue;
            }
            for (Rack rack : racksWithFree) {
                List<DataNode> free = leastUsedFirst(rack.nodes().stream().filter(n -> n.freeSlots() > 0).toList(),
                        DataNode::freeSlots);
                List<DataNode> firsts = free.stream().filter(constraint::admits).toList();
                if (firsts.isEmpty()) {
                    continue;
                }
                if (free.size() < z + 1) {
                    bestFailure = "replication " + rp + " needs " + (z + 1) + " servers in rack " + rack.id()
                            + " of dc " + dc.id() + ", found " + free.size();
                    bestFailureRank = 1;
                    continue;
                }
                return place(dc, rack, firsts.getFirst(), free, racksWithFree, withFree, x, y, z);
            }
        }
        throw notAcceptable(bestFailure != null ? bestFailure
                : "replication " + rp + " cannot be placed with the first replica on " + constraint);
    }

    private static List<DataNode> place(DataCenter dc, Rack rack, DataNode first, List<DataNode> rackFree,
                                        List<Rack> racksWithFree, List<DataCenter> dcsWithFree, int x, int y, int z) {
        List<DataNode> chosen = new ArrayList<>();
        chosen.add(first);
        rackFree.stream().filter(n -> n != first).limit(z).forEach(chosen::add);
        racksWithFree.stream().filter(r -> r != rack).limit(y).forEach(r -> chosen.add(mostFree(r.nodes())));
        dcsWithFree.stream().filter(d -> d != dc).limit(x).forEach(d -> chosen.add(
                mostFree(d.racks().stream().flatMap(r -> r.nodes().stream()).toList())));
        return chosen;
    }

    private static DataNode mostFree(Collection<DataNode> nodes) {
        return nodes.stream().max(Comparator.comparingInt(DataNode::freeSlots)).orElseThrow();
    }

    private <T> List<T> leastUsedFirst(List<T> items, java.util.function.ToIntFunction<T> free) {
        List<T> shuffled = new ArrayList<>(items);
        java.util.Collections.shuffle(shuffled, random);
        shuffled.sort(Comparator.comparingInt(free).reversed());
        return shuffled;
    }

    private static HayloftException notAcceptable(String message) {
        return new HayloftException(ErrorCode.NOT_ACCEPTABLE, message);
    }
}
