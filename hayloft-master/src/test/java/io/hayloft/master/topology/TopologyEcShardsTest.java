package io.hayloft.master.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The topology's shard map: filled by heartbeats, emptied by later heartbeats and dead nodes. */
class TopologyEcShardsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Topology topology = new Topology(clock, 1 << 30, Duration.ofSeconds(15), new SplittableRandom(1));
    private static final VolumeId V = VolumeId.of(9);

    private static Heartbeat beat(int port, String rack, List<EcShardReport> shards) {
        return new Heartbeat(0, "127.0.0.1", port, "localhost:" + port, "dc1", rack, 3, 0, List.of(), shards);
    }

    @Test
    void heartbeatsBuildTheShardMapAndLaterOnesReplaceIt() {
        topology.heartbeat(beat(1, "r1", List.of(new EcShardReport(9, "c", 0b1111))));
        topology.heartbeat(beat(2, "r2", List.of(new EcShardReport(9, "c", 0b11_1111_0000))));
        Topology.EcVolumeView v = topology.ecVolume(V).orElseThrow();
        assertThat(v.collection()).isEqualTo("c");
        assertThat(v.holders().keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(v.holders().get(5)).extracting(DataNode::url).containsExactly("127.0.0.1:2");
        assertThat(v.nodes()).extracting(DataNode::url).containsExactly("127.0.0.1:1", "127.0.0.1:2");
        assertThat(topology.lookup(V)).isEmpty(); // not a replicated volume

        topology.heartbeat(beat(1, "r1", List.of()));
        assertThat(topology.ecVolume(V).orElseThrow().holders().keySet()).containsExactly(4, 5, 6, 7, 8, 9);
    }

    @Test
    void shardsTakeSlotsATenthOfAVolumeEach() {
        topology.heartbeat(beat(1, "r1", List.of(new EcShardReport(9, "", 0b111))));
        int free = topology.inspect(t -> t.dataCenters().getFirst().freeSlots());
        assertThat(free).isEqualTo(2); // 3 slots, 3 shards take one
    }

    @Test
    void aDeadNodesShardsAreForgottenAndDropsApplyAtOnce() throws Exception {
        topology.heartbeat(beat(1, "r1", List.of(new EcShardReport(9, "", 0b1))));
        topology.heartbeat(beat(2, "r2", List.of(new EcShardReport(9, "", 0b110))));
        assertThat(topology.awaitEcShards(V, Map.of("127.0.0.1:2", 0b110L), Duration.ZERO)).isTrue();
        assertThat(topology.awaitEcShards(V, Map.of("127.0.0.1:2", 0b111L), Duration.ZERO)).isFalse();
        topology.dropEcShards(V, "127.0.0.1:2", 0b10);
        assertThat(topology.ecVolume(V).orElseThrow().holders().keySet()).containsExactly(0, 2);
        clock.advance(Duration.ofSeconds(16));
        topology.heartbeat(beat(2, "r2", List.of(new EcShardReport(9, "", 0b100))));
        topology.removeDeadNodes();
        assertThat(topology.ecVolume(V).orElseThrow().holders().keySet()).containsExactly(2);
    }

    @Test
    void aVolumeWhoseLastShardGoesIsNoLongerErasureCoded() {
        topology.heartbeat(beat(1, "r1", List.of(new EcShardReport(9, "", 0b1), new EcShardReport(10, "", 0b1))));
        topology.dropEcShards(V, "127.0.0.1:1", 0b1);
        assertThat(topology.ecVolume(V)).isEmpty();
        assertThat(topology.ecVolumes().keySet()).containsExactly(VolumeId.of(10));
        clock.advance(Duration.ofSeconds(16));
        topology.removeDeadNodes();
        assertThat(topology.ecVolumes()).isEmpty();
    }

    /** The index behind ecVolume agrees with the nodes' own shard lists after any run of beats, drops and deaths. */
    @Test
    void theShardMapAlwaysMatchesWhatTheNodesHold() {
        SplittableRandom random = new SplittableRandom(42);
        for (int step = 0; step < 2_000; step++) {
            int port = 1 + random.nextInt(8);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    List<EcShardReport> shards = new java.util.ArrayList<>();
                    for (int id = 1; id <= 5; id++) {
                        long bits = random.nextLong() & ((1L << 14) - 1) & random.nextLong();
                        if (bits != 0 && random.nextBoolean()) {
                            shards.add(new EcShardReport(id, "c" + id, bits));
                        }
                    }
                    topology.heartbeat(beat(port, "r" + port % 3, shards));
                }
                case 2 -> topology.dropEcShards(VolumeId.of(1 + random.nextInt(5)), "127.0.0.1:" + port,
                        1L << random.nextInt(14));
                default -> {
                    clock.advance(Duration.ofSeconds(random.nextInt(6)));
                    topology.removeDeadNodes();
                }
            }
            java.util.SortedMap<VolumeId, java.util.SortedMap<Integer, List<String>>> expected = topology.inspect(t -> {
                java.util.SortedMap<VolumeId, java.util.SortedMap<Integer, List<String>>> walk = new java.util.TreeMap<>();
                t.dataCenters().forEach(dc -> dc.racks().forEach(rack -> rack.nodes().forEach(node ->
                        node.ecShards().values().forEach(held -> held.shards().forEach(shard ->
                                walk.computeIfAbsent(held.id(), k -> new java.util.TreeMap<>())
                                        .computeIfAbsent(shard, k -> new java.util.ArrayList<>()).add(node.url()))))));
                walk.values().forEach(byShard -> byShard.values().forEach(java.util.Collections::sort));
                return walk;
            });
            java.util.SortedMap<VolumeId, java.util.SortedMap<Integer, List<String>>> indexed = new java.util.TreeMap<>();
            topology.ecVolumes().forEach((id, view) -> {
                java.util.SortedMap<Integer, List<String>> byShard = new java.util.TreeMap<>();
                view.holders().forEach((shard, nodes) -> byShard.put(shard, nodes.stream().map(DataNode::url).toList()));
                indexed.put(id, byShard);
                assertThat(topology.ecVolume(id)).isPresent();
            });
            assertThat(indexed).as("after step %d", step).isEqualTo(expected);
        }
    }

    @Test
    void aReportWithoutAVolumeIdIsRefusedAndChangesNothing() {
        assertThatThrownBy(() -> topology.heartbeat(beat(1, "r1", List.of(new EcShardReport(0, "", 1)))))
                .isInstanceOf(HayloftException.class);
        assertThat(topology.nodeCount()).isZero();
    }
}
