package io.hayloft.master.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.Topology;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's side of an erasure-coded volume's compaction, against holders that keep generations as the
 * volume servers do: the compactor writes the next generation, the others copy their own shards of it, all
 * commit, the old generation is dropped; a failure before the commits leaves the volume as it was, and one
 * among the commits is finished by the next run without writing anything again.
 */
class EcCompactionTest {
    private static final VolumeId V = VolumeId.of(7);
    private static final String COMPACTOR = "127.0.0.1:1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Topology topology = new Topology(clock, 1 << 30, Duration.ofHours(1), new SplittableRandom(1));
    private final BusyVolumes busy = new BusyVolumes();
    private final Holders holders = new Holders();
    private final EcCompaction compaction = new EcCompaction(topology, holders, busy);

    /** A holder as the volume server keeps it: the generation served, and the shards of each generation kept. */
    private static final class Holder {
        int served;
        final Map<Integer, SortedSet<Integer>> kept = new TreeMap<>();
    }

    /** Volume servers holding generations of {@link #V}; calls recorded, chosen ones failing. */
    private static final class Holders implements EcGenerationAdmin {
        final Map<String, Holder> byUrl = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();

        private void call(String call) {
            calls.add(call);
            if (failing.contains(call)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "injected: " + call);
            }
        }

        @Override
        public Status status(String nodeUrl, VolumeId id) {
            Holder h = byUrl.get(nodeUrl);
            return new Status(h.served, List.copyOf(h.kept.keySet()), 100, 60, 0.4, h.served == 0 ? 10_000 : 6_000);
        }

        @Override
        public void compact(String nodeUrl, VolumeId id, int generation) {
            call("compact " + nodeUrl + " g" + generation);
            byUrl.get(nodeUrl).kept.put(generation, EcEncoding.allShards());
        }

        @Override
        public void copy(String targetUrl, VolumeId id, String collection, String sourceUrl,
                         SortedSet<Integer> shards, int generation) {
            call("copy " + targetUrl + " " + shards + " g" + generation + " from " + sourceUrl);
            assertThat(byUrl.get(sourceUrl).kept.get(generation)).as("the source has it").containsAll(shards);
            byUrl.get(targetUrl).kept.put(generation, new TreeSet<>(shards));
        }

        @Override
        public void delete(String nodeUrl, VolumeId id, SortedSet<Integer> shards, int generation) {
            call("delete " + nodeUrl + " " + shards + " g" + generation);
            Holder h = byUrl.get(nodeUrl);
            SortedSet<Integer> left = h.kept.get(generation);
            if (left == null) {
                throw HayloftException.notFound("generation " + generation + " is not on " + nodeUrl);
            }
            left.removeAll(shards);
            if (left.isEmpty()) {
                h.kept.remove(generation);
            }
        }

        @Override
        public void commit(String nodeUrl, VolumeId id, int generation) {
            call("commit " + nodeUrl + " g" + generation);
            Holder h = byUrl.get(nodeUrl);
            if (h.served != generation) {
                if (!h.kept.containsKey(generation)) {
                    throw new HayloftException(ErrorCode.CONFLICT, "generation " + generation + " not staged");
                }
                h.served = generation;
            }
        }

        List<String> mutating() {
            return List.copyOf(calls);
        }
    }

    /** Five servers in five racks holding all 14 shards of generation 0: 4, 4, 3, 2 and 1 shards. */
    @BeforeEach
    void clusterOfFiveHolders() {
        long[] bits = {0b1111L, 0b1111_0000L, 0b111_0000_0000L, 0b1_1000_0000_0000L, 0b10_0000_0000_0000L};
        for (int port = 1; port <= 5; port++) {
            Holder h = new Holder();
            h.kept.put(0, new TreeSet<>(new EcShardReport(V.value(), "c", bits[port - 1]).shards()));
            holders.byUrl.put("127.0.0.1:" + port, h);
            topology.heartbeat(new Heartbeat(0, "127.0.0.1", port, "", "dc1", "r" + port, 4, 0, List.of(),
                    List.of(new EcShardReport(V.value(), "c", bits[port - 1]))));
        }
    }

    @Test
    void aDryRunPlansTheNextGenerationOnTheHolderWithMostShardsAndChangesNothing() {
        EcCompactReport plan = compaction.compact(V, "c", false);
        assertThat(plan.applied()).isFalse();
        assertThat(plan.generation()).isZero();
        assertThat(plan.nextGeneration()).isEqualTo(1);
        assertThat(plan.compactor()).isEqualTo(COMPACTOR);
        assertThat(holders.mutating()).isEmpty();
        assertThat(holders.byUrl.values()).allSatisfy(h -> assertThat(h.kept).containsOnlyKeys(0));
    }

    @Test
    void theCompactorWritesTheNextGenerationTheOthersCopyTheirShardsAllCommitAndTheOldIsDropped() {
        EcCompactReport done = compaction.compact(V, null, true);

        assertThat(done.applied()).isTrue();
        assertThat(done.nextGeneration()).isEqualTo(1);
        assertThat(done.shardSizeAfter()).isEqualTo(6_000L);
        List<String> calls = holders.mutating();
        assertThat(calls.subList(0, 6)).containsExactly(
                "compact 127.0.0.1:1 g1",
                "copy 127.0.0.1:2 [4, 5, 6, 7] g1 from 127.0.0.1:1",
                "copy 127.0.0.1:3 [8, 9, 10] g1 from 127.0.0.1:1",
                "copy 127.0.0.1:4 [11, 12] g1 from 127.0.0.1:1",
                "copy 127.0.0.1:5 [13] g1 from 127.0.0.1:1",
                "delete 127.0.0.1:1 [4, 5, 6, 7, 8, 9, 10, 11, 12, 13] g1");
        assertThat(calls.subList(6, 11)).allMatch(c -> c.startsWith("commit ") && c.endsWith(" g1"));
        assertThat(calls.subList(11, calls.size())).hasSize(5).allMatch(c -> c.endsWith(" g0")
                && c.contains("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]"));
        for (int port = 1; port <= 5; port++) {
            Holder h = holders.byUrl.get("127.0.0.1:" + port);
            assertThat(h.served).as("server %d", port).isEqualTo(1);
            assertThat(h.kept).as("server %d keeps only generation 1", port).containsOnlyKeys(1);
        }
        assertThat(holders.byUrl.get("127.0.0.1:2").kept.get(1)).containsExactly(4, 5, 6, 7);
        assertThat(holders.byUrl.get(COMPACTOR).kept.get(1)).containsExactly(0, 1, 2, 3);
        assertThat(busy.tryMark(V)).as("the volume released").isTrue();
    }

    @Test
    void aFailedCopyDropsTheStagedGenerationEverywhereAndLeavesTheVolumeAsItWas() {
        holders.failing.add("copy 127.0.0.1:3 [8, 9, 10] g1 from 127.0.0.1:1");

        assertThatThrownBy(() -> compaction.compact(V, null, true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

        assertThat(holders.mutating()).noneMatch(c -> c.startsWith("commit "));
        assertThat(holders.mutating()).contains("delete 127.0.0.1:1 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] g1",
                "delete 127.0.0.1:2 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] g1");
        for (Holder h : holders.byUrl.values()) {
            assertThat(h.served).isZero();
            assertThat(h.kept).containsOnlyKeys(0);
        }
        assertThat(busy.tryMark(V)).as("the volume released").isTrue();
    }

    @Test
    void aCommitThatFailsIsFinishedByTheNextRunWithoutWritingAgain() {
        holders.failing.add("commit 127.0.0.1:4 g1");
        assertThatThrownBy(() -> compaction.compact(V, null, true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("run ec.compact again");
        assertThat(holders.byUrl.get("127.0.0.1:4").served).isZero();
        assertThat(holders.byUrl.get("127.0.0.1:5").served).isEqualTo(1);
        assertThat(holders.byUrl.get("127.0.0.1:4").kept).as("nothing dropped yet").containsOnlyKeys(0, 1);

        holders.failing.clear();
        holders.calls.clear();
        EcCompactReport plan = compaction.compact(V, null, false);
        assertThat(plan.nextGeneration()).as("the run is resumed, not a new generation").isEqualTo(1);
        EcCompactReport finished = compaction.compact(V, null, true);

        assertThat(finished.applied()).isTrue();
        assertThat(holders.mutating()).noneMatch(c -> c.startsWith("compact ") || c.startsWith("copy "));
        for (Holder h : holders.byUrl.values()) {
            assertThat(h.served).isEqualTo(1);
            assertThat(h.kept).containsOnlyKeys(1);
        }
    }

    @Test
    void aVolumeMissingShardsIsRefusedUntilRebuilt() {
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", 5, "", "dc1", "r5", 4, 0, List.of(), List.of()));

        assertThatThrownBy(() -> compaction.compact(V, null, true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("has 13 of 14 shards");
        assertThat(holders.mutating()).isEmpty();
    }

    @Test
    void aBusyVolumeOrAnotherCollectionIsRefused() {
        busy.mark(V);
        assertThatThrownBy(() -> compaction.compact(V, null, true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> compaction.compact(V, "other", false))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(holders.mutating()).isEmpty();
    }
}
