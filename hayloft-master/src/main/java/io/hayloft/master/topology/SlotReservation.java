package io.hayloft.master.topology;

import java.util.List;

/**
 * Slots held on the nodes chosen for one new volume while it is being allocated, so concurrent
 * growths do not oversubscribe a node. Hand it back to {@link Topology#commitGrowth} or
 * {@link Topology#release}, exactly once.
 *
 * @param nodes the chosen nodes, first replica first
 */
public record SlotReservation(List<DataNode> nodes) {
    public SlotReservation {
        nodes = List.copyOf(nodes);
    }

    /** The chosen nodes' urls ({@code ip:port}), first replica first. */
    public List<String> urls() {
        return nodes.stream().map(DataNode::url).toList();
    }
}
