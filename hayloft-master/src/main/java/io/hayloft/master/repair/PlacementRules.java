package io.hayloft.master.repair;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.master.repair.ClusterView.NodeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replica placement {@code xyz} applied to replicas that exist already, with the semantics growth
 * uses (see {@code ReplicaPlacer}): a complete set has a main data center holding a main rack with
 * {@code z+1} servers and {@code y} other racks with one server each, and {@code x} other data
 * centers with one server each; every replica on a distinct server.
 *
 * <pre>
 *   consistent(S)  S is part of some complete set (S has at most x+y+z+1 replicas)
 *   satisfies(S)   S is a complete set
 *   fits(S)        consistent when S has at most the copies, else some subset is complete
 *   extend(S, k)   the k servers (most free slots first) that, added to S, keep it consistent
 * </pre>
 *
 * <p>Pure functions over {@link NodeView}s; thread-safe.
 */
final class PlacementRules {
    private PlacementRules() {
    }

    /** True when {@code nodes} can be completed to a set that satisfies {@code rp} (empty: true). */
    static boolean consistent(List<NodeView> nodes, ReplicaPlacement rp) {
        if (nodes.size() > rp.copies() || distinctUrls(nodes) != nodes.size()) {
            return false;
        }
        if (nodes.isEmpty()) {
            return true;
        }
        Map<String, List<NodeView>> byDc = group(nodes, NodeView::dataCenter);
        for (Map.Entry<String, List<NodeView>> main : byDc.entrySet()) {
            boolean othersFit = byDc.size() - 1 <= rp.diffDataCenters()
                    && byDc.entrySet().stream().filter(e -> e != main).allMatch(e -> e.getValue().size() == 1);
            if (othersFit && mainDataCenterFits(main.getValue(), rp)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code nodes} is exactly a complete set for {@code rp}. */
    static boolean satisfies(List<NodeView> nodes, ReplicaPlacement rp) {
        return nodes.size() == rp.copies() && consistent(nodes, rp);
    }

    /**
     * True when {@code nodes} keeps {@code rp} as far as a set of its size can: consistent when it has
     * at most the copies, otherwise it contains a complete set (the surplus can go without harm).
     */
    static boolean fits(List<NodeView> nodes, ReplicaPlacement rp) {
        if (nodes.size() <= rp.copies()) {
            return consistent(nodes, rp);
        }
        return search(List.of(), ordered(nodes), 0, rp.copies(), rp).isPresent();
    }

    /** The servers of {@code nodes} once the replica on {@code source} has moved to {@code target}. */
    static List<NodeView> afterMove(List<NodeView> nodes, String source, NodeView target) {
        List<NodeView> after = new ArrayList<>(nodes.stream().filter(n -> !n.url().equals(source)).toList());
        after.add(target);
        return after;
    }

    /**
     * What {@link #extend} found.
     *
     * @param targets the servers to add, best first; fewer than wanted when not all could be placed
     * @param reason  why (the rest of) the wanted servers cannot be placed; null when all were
     */
    record Extension(List<NodeView> targets, String reason) {
        Extension {
            targets = List.copyOf(targets);
        }
    }

    /**
     * Chooses {@code wanted} servers among {@code candidates} that, added to {@code replicas}, keep
     * the set consistent with {@code rp}, preferring the most free slots (then the url). Candidates
     * holding a replica or without a free slot are ignored. When no choice of {@code wanted} exists,
     * returns the most that can be added, with the reason.
     */
    static Extension extend(List<NodeView> replicas, ReplicaPlacement rp, List<NodeView> candidates, int wanted) {
        Set<String> holding = replicas.stream().map(NodeView::url).collect(Collectors.toSet());
        List<NodeView> pool = ordered(candidates.stream()
                .filter(n -> n.freeSlots() > 0 && !holding.contains(n.url())).toList());
        for (int k = wanted; k > 0; k--) {
            Optional<List<NodeView>> found = search(replicas, pool, 0, k, rp);
            if (found.isPresent()) {
                List<NodeView> added = found.get().subList(replicas.size(), replicas.size() + k);
                return new Extension(added, k == wanted ? null : explain(replicas, rp, pool));
            }
        }
        return new Extension(List.of(), wanted <= 0 ? null : explain(replicas, rp, pool));
    }

    /**
     * Depth-first search for {@code k} more servers from {@code pool[from..]}: combinations in pool
     * order, so the first found prefers the earliest (most free) servers. Servers of one rack are
     * interchangeable for the placement, so a rack that failed at a depth is not tried again there.
     */
    private static Optional<List<NodeView>> search(List<NodeView> chosen, List<NodeView> pool, int from, int k,
                                                   ReplicaPlacement rp) {
        if (k == 0) {
            return Optional.of(chosen);
        }
        Set<String> triedRacks = new HashSet<>();
        for (int i = from; i <= pool.size() - k; i++) {
            NodeView c = pool.get(i);
            if (!triedRacks.add(c.rackKey())) {
                continue;
            }
            List<NodeView> next = new ArrayList<>(chosen);
            next.add(c);
            if (consistent(next, rp)) {
                Optional<List<NodeView>> found = search(next, pool, i + 1, k - 1, rp);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Names the first part of {@code rp} the replicas and free servers cannot meet, as growth words it. */
    private static String explain(List<NodeView> replicas, ReplicaPlacement rp, List<NodeView> pool) {
        if (!consistent(replicas, rp)) {
            return "the replicas on " + replicas + " do not fit replication " + rp;
        }
        if (pool.isEmpty()) {
            return "no server without a replica has a free slot";
        }
        List<NodeView> all = new ArrayList<>(replicas);
        all.addAll(pool);
        Map<String, List<NodeView>> byDc = group(all, NodeView::dataCenter);
        if (byDc.size() < rp.diffDataCenters() + 1) {
            return "replication " + rp + " needs " + (rp.diffDataCenters() + 1)
                    + " data centers with a replica or a free slot, found " + byDc.size();
        }
        String mainDc = mostCommon(replicas.isEmpty() ? all : replicas, NodeView::dataCenter);
        Map<String, List<NodeView>> racks = group(byDc.get(mainDc), NodeView::rack);
        if (racks.size() < rp.diffRacks() + 1) {
            return "replication " + rp + " needs " + (rp.diffRacks() + 1) + " racks in dc " + mainDc
                    + " with a replica or a free slot, found " + racks.size();
        }
        List<NodeView> inMainDc = (replicas.isEmpty() ? all : replicas).stream()
                .filter(n -> n.dataCenter().equals(mainDc)).toList();
        String mainRack = mostCommon(inMainDc, NodeView::rack);
        int servers = racks.get(mainRack).size();
        if (servers < rp.sameRack() + 1) {
            return "replication " + rp + " needs " + (rp.sameRack() + 1) + " servers in rack " + mainRack + " of dc "
                    + mainDc + " with a replica or a free slot, found " + servers;
        }
        return "no servers with free slots complete replication " + rp + " beside the replicas on " + replicas;
    }

    private static boolean mainDataCenterFits(List<NodeView> inDc, ReplicaPlacement rp) {
        Map<String, List<NodeView>> byRack = group(inDc, NodeView::rack);
        for (Map.Entry<String, List<NodeView>> main : byRack.entrySet()) {
            if (main.getValue().size() <= rp.sameRack() + 1 && byRack.size() - 1 <= rp.diffRacks()
                    && byRack.entrySet().stream().filter(e -> e != main).allMatch(e -> e.getValue().size() == 1)) {
                return true;
            }
        }
        return false;
    }

    private static List<NodeView> ordered(List<NodeView> nodes) {
        List<NodeView> out = new ArrayList<>(nodes);
        out.sort(Comparator.comparingInt(NodeView::freeSlots).reversed().thenComparing(NodeView::url));
        return out;
    }

    private static long distinctUrls(List<NodeView> nodes) {
        return nodes.stream().map(NodeView::url).distinct().count();
    }

    private static Map<String, List<NodeView>> group(List<NodeView> nodes,
                                                     java.util.function.Function<NodeView, String> by) {
        Map<String, List<NodeView>> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.computeIfAbsent(by.apply(n), k -> new ArrayList<>()).add(n));
        return out;
    }

    /** The most frequent value, ties broken by the value. */
    private static String mostCommon(List<NodeView> nodes, java.util.function.Function<NodeView, String> by) {
        return group(nodes, by).entrySet().stream()
                .max(Comparator.<Map.Entry<String, List<NodeView>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }
}
