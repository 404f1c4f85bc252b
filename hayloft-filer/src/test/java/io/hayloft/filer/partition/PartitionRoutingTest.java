package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.filer.entry.FullPath;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a filer server's store does while its partitions elect and move: reads wait for a leader, routes follow the table. */
class PartitionRoutingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private final List<PartitionServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(PartitionServer::close);
    }

    /** Three servers hosting {@code partitions} partitions that have just started: no leader elected yet. */
    private PartitionMap startWithoutWaitingForLeaders(int partitions) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            PartitionServer s = PartitionServer.start(Integer.toString(i), "127.0.0.1", 0, dir.resolve("s" + i),
                    PartitionCluster.TUNING);
            servers.add(s);
            addresses.put(Integer.toString(i), "127.0.0.1:" + s.raftPort());
        }
        PartitionMap map = PartitionMap.spread(partitions, 3, List.copyOf(addresses.keySet()), addresses);
        servers.forEach(s -> s.hostAll(map));
        return map;
    }

    @Test
    void aReadDuringTheFirstElectionWaitsForTheLeaderInsteadOfFailing() {
        PartitionMap map = startWithoutWaitingForLeaders(1);
        try (PartitionedFilerStore store = new PartitionedFilerStore(map, PartitionCluster.TUNING, CLOCK,
                Duration.ofSeconds(60))) {
            assertThat(store.find(FullPath.parse("/bucket/key"))).isEmpty();
            assertThat(servers.stream().anyMatch(s -> s.leads(PartitionMap.groupId(0)))).isTrue();
        }
    }

    @Test
    void rerouteKeepsThePartitionCountAndServesThroughTheNewGroup() {
        PartitionMap map = startWithoutWaitingForLeaders(2);
        try (PartitionedFilerStore store = new PartitionedFilerStore(map, PartitionCluster.TUNING, CLOCK,
                Duration.ofSeconds(60))) {
            store.mkdirs(FullPath.parse("/bucket"));
            PartitionMap one = PartitionMap.spread(1, 3, List.of("1", "2", "3"), map.raftAddresses());
            assertThatThrownBy(() -> store.reroute(one)).isInstanceOf(HayloftException.class)
                    .hasMessageContaining("keeps the number of partitions (2)");
            // the same members listed in another order: the map is replaced, the store serves on
            Map<String, String> same = new LinkedHashMap<>(map.raftAddresses());
            PartitionMap reordered = new PartitionMap(List.of(new PartitionMap.Partition(0, List.of("3", "2", "1")),
                    new PartitionMap.Partition(1, List.of("1", "3", "2"))), same);
            store.reroute(reordered);
            assertThat(store.map()).isEqualTo(reordered);
            assertThat(store.find(FullPath.parse("/bucket"))).isPresent();
        }
    }

    @Test
    void theMastersTableBecomesTheSameGroupsTheServersHost() {
        PartitionTable table = new PartitionTable(3, List.of(
                new PartitionTable.FilerNode(7, "10.0.0.7:18888", "10.0.0.7:8888", "dc", "r1"),
                new PartitionTable.FilerNode(8, "10.0.0.8:18888", "", "dc", "r2"),
                new PartitionTable.FilerNode(9, "10.0.0.9:18888", "", "dc", "r3")),
                List.of(new PartitionTable.Partition(0, List.of(9L, 7L, 8L), 7, 2)));
        PartitionMap map = PartitionMember.toMap(table);
        assertThat(map.group(0).getGroupId()).isEqualTo(PartitionMap.groupId(0));
        assertThat(map.group(0).getPeers()).extracting(p -> p.getId().toString() + "@" + p.getAddress())
                .containsExactlyInAnyOrder("9@10.0.0.9:18888", "7@10.0.0.7:18888", "8@10.0.0.8:18888");
    }
}
