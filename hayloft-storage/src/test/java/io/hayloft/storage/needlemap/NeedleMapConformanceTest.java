package io.hayloft.storage.needlemap;

import io.hayloft.storage.Seeded;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link NeedleMap} must meet. Subclass it once per implementation and return a
 * fresh, empty map from {@link #newMap()}.
 */
abstract class NeedleMapConformanceTest {

    /** Returns a new, empty map of the implementation under test. */
    protected abstract NeedleMap newMap();

    @Test
    void lookupOfUnknownKeyIsAbsent() {
        NeedleMap map = newMap();
        assertThat(map.get(1)).isEqualTo(NeedleLocation.ABSENT);
        assertThat(map.delete(1)).isEqualTo(NeedleLocation.ABSENT);
        assertThat(map.liveCount()).isZero();
        assertThat(map.deletedCount()).isZero();
        assertThat(map.maxKey()).isZero();
    }

    @Test
    void putThenGetReturnsTheLocation() {
        NeedleMap map = newMap();
        assertThat(map.put(7, 3, 100)).isEqualTo(NeedleLocation.ABSENT);
        long loc = map.get(7);
        assertThat(NeedleLocation.offsetUnits(loc)).isEqualTo(3);
        assertThat(NeedleLocation.byteOffset(loc)).isEqualTo(24);
        assertThat(NeedleLocation.size(loc)).isEqualTo(100);
        assertThat(map.liveCount()).isEqualTo(1);
    }

    @Test
    void replacingAKeyCountsTheOldNeedleAsGarbage() {
        NeedleMap map = newMap();
        map.put(7, 3, 100);
        long previous = map.put(7, 20, 50);
        assertThat(NeedleLocation.size(previous)).isEqualTo(100);
        assertThat(NeedleLocation.offsetUnits(map.get(7))).isEqualTo(20);
        assertThat(map.liveCount()).isEqualTo(1);
        assertThat(map.deletedCount()).isEqualTo(1);
        assertThat(map.deletedBytes()).isEqualTo(100);
    }

    @Test
    void deleteRemovesTheNeedleAndCountsItsBytes() {
        NeedleMap map = newMap();
        map.put(7, 3, 100);
        map.put(8, 30, 10);
        assertThat(NeedleLocation.size(map.delete(7))).isEqualTo(100);
        assertThat(map.get(7)).isEqualTo(NeedleLocation.ABSENT);
        assertThat(map.delete(7)).isEqualTo(NeedleLocation.ABSENT);
        assertThat(map.liveCount()).isEqualTo(1);
        assertThat(map.deletedCount()).isEqualTo(1);
        assertThat(map.deletedBytes()).isEqualTo(100);
    }

    @Test
    void maxKeyIsUnsignedAndSurvivesDeletes() {
        NeedleMap map = newMap();
        map.put(5, 1, 1);
        map.put(-1L, 2, 1);
        map.put(9, 3, 1);
        map.delete(-1L);
        assertThat(map.maxKey()).isEqualTo(-1L);
    }

    @Test
    void iteratesLiveEntriesInAscendingUnsignedOrder() {
        NeedleMap map = newMap();
        long[] keys = {Long.MIN_VALUE, 3, -1L, 0, 1L << 40, 2, Long.MAX_VALUE};
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i + 1, i);
        }
        map.delete(2);
        List<Long> visited = new ArrayList<>();
        map.forEach((key, offsetUnits, size) -> visited.add(key));
        assertThat(visited).containsExactly(0L, 3L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1L);
    }

    @Test
    void offsetsAboveTwoToThe31AreUnsigned() {
        NeedleMap map = newMap();
        map.put(1, 0xFFFF_FFF0, 8);
        assertThat(NeedleLocation.offsetUnits(map.get(1))).isEqualTo(0xFFFF_FFF0L);
        assertThat(NeedleLocation.byteOffset(map.get(1))).isEqualTo(0xFFFF_FFF0L * 8);
        map.forEach((key, offsetUnits, size) -> assertThat(offsetUnits).isEqualTo(0xFFFF_FFF0L));
    }

    @Test
    void rejectsNegativeSizes() {
        NeedleMap map = newMap();
        assertThatThrownBy(() -> map.put(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.liveCount()).isZero();
    }

    @Test
    void matchesAHashMapUnderRandomOperations() {
        Seeded.run(random -> {
            NeedleMap map = newMap();
            Map<Long, Long> model = new HashMap<>();
            long deleted = 0;
            for (int op = 0; op < 20_000; op++) {
                long key = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(3_000);
                int roll = random.nextInt(10);
                if (roll < 6) {
                    int off = random.nextInt();
                    int size = random.nextInt(1 << 20);
                    Long prev = model.put(key, NeedleLocation.pack(off, size));
                    assertThat(map.put(key, off, size)).isEqualTo(prev == null ? NeedleLocation.ABSENT : prev);
                    deleted += prev == null ? 0 : 1;
                } else if (roll < 8) {
                    Long prev = model.remove(key);
                    assertThat(map.delete(key)).isEqualTo(prev == null ? NeedleLocation.ABSENT : prev);
                    deleted += prev == null ? 0 : 1;
                } else {
                    assertThat(map.get(key)).isEqualTo(model.getOrDefault(key, NeedleLocation.ABSENT));
                }
            }
            assertThat(map.liveCount()).isEqualTo(model.size());
            assertThat(map.deletedCount()).isEqualTo(deleted);
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
            }
        });
    }
}
