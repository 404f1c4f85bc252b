package io.hayloft.master.filer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.wire.PartitionTable;
import io.hayloft.api.wire.PartitionTable.FilerNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PartitionPlacerTest {
    private static FilerNode node(long id, String rack) {
        return new FilerNode(id, "127.0.0.1:" + (1000 + id), "", "dc1", rack);
    }

    @Test
    void placesEveryReplicaOfAPartitionOnADistinctServerAndSpreadsTheLoad() {
        List<FilerNode> servers = LongStream.rangeClosed(1, 5).mapToObj(i -> node(i, "")).toList();
        List<PartitionTable.Partition> ps = PartitionPlacer.initial(8, 3, servers);
        Map<Long, Integer> load = new HashMap<>();
        for (PartitionTable.Partition p : ps) {
            assertThat(new HashSet<>(p.replicas())).hasSize(3);
            p.replicas().forEach(r -> load.merge(r, 1, Integer::sum));
        }
        assertThat(load.values().stream().mapToInt(i -> i).max().orElseThrow()
                - load.values().stream().mapToInt(i -> i).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    @Test
    void placesTheReplicasOfAPartitionOnDistinctRacksWhereThereAre() {
        List<FilerNode> servers = List.of(node(1, "a"), node(2, "a"), node(3, "b"), node(4, "b"), node(5, "c"),
                node(6, "c"));
        for (PartitionTable.Partition p : PartitionPlacer.initial(6, 3, servers)) {
            assertThat(p.replicas().stream().map(r -> servers.get((int) (r - 1)).rack()).distinct()).hasSize(3);
        }
    }

    @Test
    void refusesToPlaceWithFewerServersThanReplicas() {
        assertThatThrownBy(() -> PartitionPlacer.initial(2, 3, List.of(node(1, ""), node(2, ""))))
                .hasMessageContaining("3 replicas need 3 filer servers, 2 registered");
    }

    @Test
    void targetIsOnARackTheOtherReplicasDoNotUseThenTheLeastLoaded() {
        List<FilerNode> servers = List.of(node(1, "a"), node(2, "b"), node(3, "c"), node(4, "b"), node(5, "c"));
        PartitionTable table = new PartitionTable(1, servers, List.of(
                new PartitionTable.Partition(0, List.of(1L, 2L, 3L), 0, 0),
                new PartitionTable.Partition(1, List.of(2L, 3L, 5L), 0, 0)));
        // replica on 3 (rack c) leaves partition 0: 1 (a) and 2 (b) stay, so rack c again: 5, not 4 (rack b)
        assertThat(PartitionPlacer.target(table, table.partition(0), 3, List.of(node(4, "b"), node(5, "c"))))
                .map(FilerNode::nodeId).contains(5L);
        // no server left outside the partition's replicas
        assertThat(PartitionPlacer.target(table, table.partition(0), 3, List.of(node(1, "a"), node(2, "b")))).isEmpty();
    }
}
