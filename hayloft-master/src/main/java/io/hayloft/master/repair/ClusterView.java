package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.DataCenter;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.Rack;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.VolumeInfo;
import io.hayloft.master.topology.VolumeLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of the topology for the repair planner and the balancer: every volume
 * server with its place and free slots, and every volume with its replicas. Taken under the
 * topology's lock in one go, so it is self-consistent; it goes stale as heartbeats arrive.
 *
 * @param nodes   every volume server, by url
 * @param volumes every volume, ascending id
 */
public record ClusterView(List<NodeView> nodes, List<VolumeView> volumes) {
    public ClusterView {
        nodes = List.copyOf(nodes);
        volumes = List.copyOf(volumes);
    }

    /**
     * A volume server.
     *
     * @param url            {@code ip:port}
     * @param dataCenter     its data center id
     * @param rack           its rack id (unique within the data center)
     * @param maxVolumeCount its slots
     * @param freeSlots      slots neither used nor reserved
     */
    public record NodeView(String url, String dataCenter, String rack, int maxVolumeCount, int freeSlots) {
        /** {@code dataCenter/rack}: identifies the rack across data centers. */
        public String rackKey() {
            return dataCenter + "/" + rack;
        }

        @Override
        public String toString() {
            return url;
        }
    }

    /**
     * One replica of a volume.
     *
     * @param node where it is
     * @param info what its server last reported
     */
    public record ReplicaView(NodeView node, VolumeInfo info) {
        public String url() {
            return node.url();
        }
    }

    /**
     * A volume and its replicas.
     *
     * @param id       volume id
     * @param key      collection, replication and TTL
     * @param replicas its replicas, in registration order
     */
    public record VolumeView(VolumeId id, LayoutKey key, List<ReplicaView> replicas) {
        public VolumeView {
            replicas = List.copyOf(replicas);
        }

        /** The copies its placement asks for. */
        public int copies() {
            return key.replication().copies();
        }

        public List<NodeView> nodes() {
            return replicas.stream().map(ReplicaView::node).toList();
        }

        public List<String> urls() {
            return replicas.stream().map(ReplicaView::url).toList();
        }

        public boolean isOn(String url) {
            return replicas.stream().anyMatch(r -> r.url().equals(url));
        }
    }

    /** Takes a snapshot of {@code topology}. */
    public static ClusterView of(Topology topology) {
        return topology.inspect(view -> {
            Map<DataNode, NodeView> nodes = nodes(view);
            List<VolumeView> volumes = new ArrayList<>();
            for (VolumeLayout layout : view.layouts()) {
                for (VolumeId id : layout.volumeIds()) {
                    volume(id, layout, nodes).ifPresent(volumes::add);
                }
            }
            return sorted(nodes, volumes);
        });
    }

    /**
     * Takes a snapshot of every node of {@code topology} but only of the volumes {@code ids} (those
     * unknown or without a replica are left out): what a pass needs when it knows which volumes
     * changed, at the cost of the nodes and those volumes, not of every replica in the cluster.
     */
    public static ClusterView of(Topology topology, Set<VolumeId> ids) {
        return topology.inspectVolumes(ids, (view, layouts) -> {
            Map<DataNode, NodeView> nodes = nodes(view);
            List<VolumeView> volumes = new ArrayList<>();
            layouts.forEach((id, layout) -> volume(id, layout, nodes).ifPresent(volumes::add));
            return sorted(nodes, volumes);
        });
    }

    private static Map<DataNode, NodeView> nodes(Topology.TopologyView view) {
        Map<DataNode, NodeView> nodes = new HashMap<>();
        for (DataCenter dc : view.dataCenters()) {
            for (Rack rack : dc.racks()) {
                for (DataNode n : rack.nodes()) {
                    nodes.put(n, new NodeView(n.url(), dc.id(), rack.id(), n.maxVolumeCount(), n.freeSlots()));
                }
            }
        }
        return nodes;
    }

    private static Optional<VolumeView> volume(VolumeId id, VolumeLayout layout, Map<DataNode, NodeView> nodes) {
        List<ReplicaView> replicas = new ArrayList<>();
        for (DataNode n : layout.nodesOf(id)) {
            VolumeInfo info = n.volumes().get(id);
            NodeView node = nodes.get(n);
            if (info != null && node != null) {
                replicas.add(new ReplicaView(node, info));
            }
        }
        return replicas.isEmpty() ? Optional.empty() : Optional.of(new VolumeView(id, layout.key(), replicas));
    }

    private static ClusterView sorted(Map<DataNode, NodeView> nodes, List<VolumeView> volumes) {
        volumes.sort(Comparator.comparing(VolumeView::id));
        List<NodeView> sortedNodes = new ArrayList<>(nodes.values());
        sortedNodes.sort(Comparator.comparing(NodeView::url));
        return new ClusterView(sortedNodes, volumes);
    }

    /** The volume server at {@code url}, if known. */
    public Optional<NodeView> node(String url) {
        return nodes.stream().filter(n -> n.url().equals(url)).findFirst();
    }

    /** Volume {@code id}, if known. */
    public Optional<VolumeView> volume(VolumeId id) {
        return volumes.stream().filter(v -> v.id().equals(id)).findFirst();
    }
}
