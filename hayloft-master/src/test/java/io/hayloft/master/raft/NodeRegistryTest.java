package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {
    @Test
    void appendsKeepEveryEntryInOrderAndReadLikeATreeMap() {
        NodeRegistry r = NodeRegistry.EMPTY;
        TreeMap<Long, String> expected = new TreeMap<>();
        for (long id = 1; id <= 100; id++) {
            r = r.with(id, "10.0.0." + id + ":8080");
            expected.put(id, "10.0.0." + id + ":8080");
        }

        assertThat(r).isEqualTo(expected).hasSize(100);
        assertThat(r.get(37L)).isEqualTo("10.0.0.37:8080");
        assertThat(r.get(101L)).isNull();
        assertThat(r.get("37")).isNull();
        assertThat(r.firstKey()).isEqualTo(1L);
        assertThat(r.lastKey()).isEqualTo(100L);
        assertThat(r.headMap(3L)).containsOnlyKeys(1L, 2L);
        assertThat(r.keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(r.hashCode()).isEqualTo(expected.hashCode());
    }

    @Test
    void anOlderVersionIsUntouchedByAppendsToANewerOneAndCanBranch() {
        NodeRegistry one = NodeRegistry.EMPTY.with(1, "a:1");
        NodeRegistry two = one.with(2, "b:1");
        NodeRegistry branch = one.with(2, "c:1");
        NodeRegistry three = two.with(3, "d:1");

        assertThat(one).isEqualTo(Map.of(1L, "a:1"));
        assertThat(two).isEqualTo(Map.of(1L, "a:1", 2L, "b:1"));
        assertThat(branch).isEqualTo(Map.of(1L, "a:1", 2L, "c:1"));
        assertThat(three).isEqualTo(Map.of(1L, "a:1", 2L, "b:1", 3L, "d:1"));
    }

    @Test
    void anIdNotAboveTheLastOneReplacesOrInsertsByCopy() {
        NodeRegistry r = NodeRegistry.EMPTY.with(5, "a:1").with(9, "b:1");

        assertThat(r.with(5, "c:1")).isEqualTo(Map.of(5L, "c:1", 9L, "b:1"));
        assertThat(r.with(7, "d:1")).containsOnlyKeys(5L, 7L, 9L);
        assertThat(r).isEqualTo(Map.of(5L, "a:1", 9L, "b:1"));
    }

    @Test
    void registeringAHundredThousandServersCostsLinearTime() {
        // each command copied the whole registry before: this took many minutes
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            MasterState state = MasterState.INITIAL;
            for (int i = 1; i <= 100_000; i++) {
                state = state.apply(MasterCommand.registerNode("vs-" + i + ".sim:8080")).state();
                state = state.apply(MasterCommand.raiseVolumeId(i)).state();
            }
            assertThat(state.nodes()).hasSize(100_000).containsEntry(77_777L, "vs-77777.sim:8080");
            assertThat(MasterState.fromBytes(state.toBytes())).isEqualTo(state);
        });
    }
}
