package io.hayloft.master.filer;

import io.hayloft.api.wire.PartitionTable;
import io.hayloft.api.wire.PartitionTable.FilerNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where filer partition replicas go, as volume replicas: each replica of a partition on a distinct
 * server, on distinct racks while there are racks not yet used by the partition, and on the servers
 * holding the fewest replicas (ties: the lowest node id after the partition's turn, so partitions
 * placed together start on different servers). Pure and stateless.
 */
final class PartitionPlacer {
    private PartitionPlacer() {
    }

    /**
     * {@code count} partitions of {@code replicas} replicas over {@code servers}.
     *
     * @throws IllegalArgumentException when there are fewer servers than replicas
     */
    static List<PartitionTable.Partition> initial(int count, int replicas, List<FilerNode> servers) {
        if (servers.size() < replicas) {
            throw new IllegalArgumentException(replicas + " replicas need " + replicas + " filer servers, "
                    + servers.size() + " registered");
        }
        Map<Long, Integer> load = new HashMap<>();
        List<PartitionTable.Partition> out = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            List<Long> chosen = new ArrayList<>(replicas);
            Set<String> racks = new HashSet<>();
            for (int r = 0; r < replicas; r++) {
                FilerNode n = pick(servers, chosen, racks, load, p).orElseThrow();
                chosen.add(n.nodeId());
                racks.add(n.rackKey());
                load.merge(n.nodeId(), 1, Integer::sum);
            }
            out.add(new PartitionTable.Partition(p, chosen, 0, 0));
        }
        return out;
    }

    /**
     * The server to take the replica of {@code partition} that leaves {@code leaving}: one of
     * {@code candidates} that holds no replica of it, on a rack the partition's other replicas do not
     * use if there is one, and holding the fewest replicas in {@code table}.
     */
    static Optional<FilerNode> target(PartitionTable table, PartitionTable.Partition partition, long leaving,
                                      List<FilerNode> candidates) {
        Map<Long, Integer> load = new HashMap<>();
        table.partitions().forEach(p -> p.replicas().forEach(r -> load.merge(r, 1, Integer::sum)));
        Set<String> racks = new HashSet<>();
        for (long r : partition.replicas()) {
            if (r != leaving) {
                table.server(r).ifPresent(s -> racks.add(s.rackKey()));
            }
        }
        return pick(candidates, partition.replicas(), racks, load, partition.id());
    }

    private static Optional<FilerNode> pick(List<FilerNode> servers, List<Long> taken, Set<String> usedRacks,
                                            Map<Long, Integer> load, int turn) {
        List<FilerNode> sorted = servers.stream().sorted(Comparator.comparingLong(FilerNode::nodeId)).toList();
        int n = sorted.size();
        Comparator<FilerNode> order = Comparator
                .comparing((FilerNode s) -> usedRacks.contains(s.rackKey()))
                .thenComparingInt(s -> load.getOrDefault(s.nodeId(), 0))
                .thenComparingInt(s -> n == 0 ? 0 : Math.floorMod(sorted.indexOf(s) - turn, n));
        return sorted.stream().filter(s -> !taken.contains(s.nodeId())).min(order);
    }
}
