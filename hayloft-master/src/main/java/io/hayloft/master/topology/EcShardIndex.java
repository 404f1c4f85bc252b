package io.hayloft.master.topology;

import io.hayloft.api.VolumeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which nodes hold shards of each erasure-coded volume: kept in step with the nodes' own shard lists
 * by {@link Topology}, so that a lookup of one volume reads its holders instead of walking every node
 * (at 10,000 nodes that walk, on every {@code /dir/lookup}, cost more than the rest of the lookup).
 *
 * <p>Not thread-safe: used under the topology's lock.
 */
final class EcShardIndex {
    private final Map<VolumeId, Set<DataNode>> holders = new HashMap<>();

    /** Replaces what {@code node} holds with {@code shards}, here and in the node. */
    void replace(DataNode node, Map<VolumeId, EcShards> shards) {
        forget(node);
        node.replaceEcShards(shards);
        for (VolumeId id : node.ecShards().keySet()) {
            holders.computeIfAbsent(id, k -> new HashSet<>()).add(node);
        }
    }

    /** Drops shards {@code bits} of volume {@code id} from {@code node}, here and in the node. */
    void drop(DataNode node, VolumeId id, long bits) {
        node.dropEcShards(id, bits);
        if (!node.ecShards().containsKey(id)) {
            remove(id, node);
        }
    }

    /** Forgets every shard {@code node} holds (the node is leaving the topology); the node is unchanged. */
    void forget(DataNode node) {
        for (VolumeId id : node.ecShards().keySet()) {
            remove(id, node);
        }
    }

    private void remove(VolumeId id, DataNode node) {
        Set<DataNode> nodes = holders.get(id);
        if (nodes != null && nodes.remove(node) && nodes.isEmpty()) {
            holders.remove(id);
        }
    }

    /** Volume {@code id}'s shards and their holders (its generation the latest any holder reports); empty when no node holds one. */
    Optional<Topology.EcVolumeView> view(VolumeId id) {
        Set<DataNode> nodes = holders.get(id);
        if (nodes == null) {
            return Optional.empty();
        }
        List<DataNode> byUrl = new ArrayList<>(nodes);
        byUrl.sort(Comparator.comparing(DataNode::url));
        SortedMap<Integer, List<DataNode>> byShard = new TreeMap<>();
        for (DataNode node : byUrl) {
            for (int shard : node.ecShards().get(id).shards()) {
                byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(node);
            }
        }
        String collection = byUrl.getFirst().ecShards().get(id).collection();
        int generation = byUrl.stream().mapToInt(n -> n.ecShards().get(id).generation()).max().orElse(0);
        return Optional.of(new Topology.EcVolumeView(id, collection, java.util.Collections.unmodifiableSortedMap(byShard),
                generation));
    }

    /** Every erasure-coded volume some node holds shards of, by id. */
    SortedMap<VolumeId, Topology.EcVolumeView> all() {
        SortedMap<VolumeId, Topology.EcVolumeView> out = new TreeMap<>();
        for (VolumeId id : holders.keySet()) {
            view(id).ifPresent(v -> out.put(id, v));
        }
        return out;
    }
}
