package io.hayloft.master.topology;

/**
 * Where the first replica of a volume must be ({@code dataCenter}, {@code rack}, {@code dataNode}
 * parameters of assign and grow); "" means anywhere. Only the first replica is constrained.
 *
 * @param dataCenter data center id or ""
 * @param rack       rack id or ""
 * @param dataNode   node url ({@code ip:port}) or ""
 */
public record PlacementConstraint(String dataCenter, String rack, String dataNode) {
    /** No constraint. */
    public static final PlacementConstraint ANY = new PlacementConstraint("", "", "");

    public PlacementConstraint {
        dataCenter = dataCenter == null ? "" : dataCenter;
        rack = rack == null ? "" : rack;
        dataNode = dataNode == null ? "" : dataNode;
    }

    /** True when {@code node} may hold the first replica. */
    public boolean admits(DataNode node) {
        return (dataCenter.isEmpty() || dataCenter.equals(node.rack().dataCenter().id()))
                && (rack.isEmpty() || rack.equals(node.rack().id()))
                && (dataNode.isEmpty() || dataNode.equals(node.url()) || dataNode.equals(node.publicUrl()));
    }

    public boolean isAny() {
        return dataCenter.isEmpty() && rack.isEmpty() && dataNode.isEmpty();
    }

    @Override
    public String toString() {
        return "dataCenter=" + dataCenter + " rack=" + rack + " dataNode=" + dataNode;
    }
}
