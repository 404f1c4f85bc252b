package io.hayloft.master.topology;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rack of data nodes inside a data center. Guarded by the owning {@link Topology}'s lock. */
public final class Rack {
    private final String id;
    private final DataCenter dataCenter;
    private final Map<String, DataNode> nodes = new LinkedHashMap<>();

    Rack(String id, DataCenter dataCenter) {
        this.id = id;
        this.dataCenter = dataCenter;
    }

    public String id() {
        return id;
    }

    public DataCenter dataCenter() {
        return dataCenter;
    }

    /** Its nodes in join order; a read-only view. */
    public Collection<DataNode> nodes() {
        return java.util.Collections.unmodifiableCollection(nodes.values());
    }

    /** Sum of the nodes' free slots. */
    public int freeSlots() {
        return nodes.values().stream().mapToInt(DataNode::freeSlots).sum();
    }

    public int maxVolumeCount() {
        return nodes.values().stream().mapToInt(DataNode::maxVolumeCount).sum();
    }

    void add(DataNode node) {
        nodes.put(node.url(), node);
    }

    void remove(DataNode node) {
        nodes.remove(node.url());
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }
}
