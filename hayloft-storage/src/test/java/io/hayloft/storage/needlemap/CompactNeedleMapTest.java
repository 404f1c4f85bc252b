package io.hayloft.storage.needlemap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CompactNeedleMap} with its default segment size: the conformance suite plus memory checks. */
class CompactNeedleMapTest extends NeedleMapConformanceTest {
    @Override
    protected NeedleMap newMap() {
        return new CompactNeedleMap();
    }

    @Test
    void sequentialKeysCostAboutNineBytesPerNeedle() {
        CompactNeedleMap map = new CompactNeedleMap();
        int n = 500_000;
        for (int i = 1; i <= n; i++) {
            map.put(i, i, 1000);
        }
        assertThat((double) map.memoryBytes() / n).isLessThan(9.2);
        assertThat(map.segmentCount()).isEqualTo((n + CompactNeedleMap.DEFAULT_SEGMENT_CAPACITY - 1)
                / CompactNeedleMap.DEFAULT_SEGMENT_CAPACITY);
    }

    @Test
    void keysArrivingInOrderAllocateTheirRowsOnce() {
        // an index replayed at open: each segment's rows are allocated once at full size, not grown an
        // eighth at a time (which allocated about nine times the map's size, all of it garbage to collect)
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CompactNeedleMap map = new CompactNeedleMap();
        map.put(1, 1, 1000); // the first segment is allocated small: a volume may stay small
        long before = threads.getCurrentThreadAllocatedBytes();
        int n = 1_000_000;
        for (int i = 2; i <= n; i++) {
            map.put(i, i, 1000);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(map.memoryBytes() * 13 / 10);
        assertThat((double) map.memoryBytes() / n).isLessThan(9.2);
    }

    @Test
    void deletingEveryNeedleReleasesItsSegments() {
        CompactNeedleMap map = new CompactNeedleMap(16);
        for (int i = 0; i < 1000; i++) {
            map.put(i, i, 1);
        }
        long full = map.memoryBytes();
        for (int i = 0; i < 1000; i++) {
            map.delete(i);
        }
        assertThat(map.liveCount()).isZero();
        assertThat(map.segmentCount()).isZero();
        assertThat(map.memoryBytes()).isLessThan(full / 10);
        map.put(5, 5, 5);
        assertThat(NeedleLocation.size(map.get(5))).isEqualTo(5);
    }

    @Test
    void keysSpanningMoreThan32BitsInOneSegmentStayRetrievable() {
        CompactNeedleMap map = new CompactNeedleMap(8);
        long[] keys = {10, 1L << 33, 11, (1L << 33) + 1, 5, -5L, 12, 1L << 62, 13};
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i, i);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(NeedleLocation.size(map.get(keys[i]))).isEqualTo(i);
        }
        List<Long> visited = new ArrayList<>();
        map.forEach((key, offsetUnits, size) -> visited.add(key));
        assertThat(visited).isSortedAccordingTo(Long::compareUnsigned).hasSize(keys.length);
    }

    @Test
    void keysWithGapsAndLargeSizesWidenTheirSegmentOnly() {
        CompactNeedleMap map = new CompactNeedleMap();
        int n = 100_000;
        long key = 0;
        for (int i = 0; i < n; i++) {
            key += 100; // keys of a volume that shares the master's sequence with 99 others
            map.put(key, i, 4096);
        }
        double narrow = (double) map.memoryBytes() / n;
        assertThat(narrow).isLessThan(11.2); // a segment spans ~102,400 keys: 4-byte key deltas, 3-byte sizes
        map.put(key / 2, 7, 1 << 30);  // one needle of 1 GiB
        map.put(key + (1L << 40), 8, 5); // far above every other key
        assertThat(NeedleLocation.size(map.get(key / 2))).isEqualTo(1 << 30);
        assertThat(NeedleLocation.offsetUnits(map.get(key / 2))).isEqualTo(7);
        assertThat(NeedleLocation.size(map.get(key + (1L << 40)))).isEqualTo(5);
        assertThat(NeedleLocation.size(map.get(100))).isEqualTo(4096);
        assertThat((double) map.memoryBytes() / n).isLessThan(narrow + 0.2);
        map.put(100, 9, Integer.MAX_VALUE); // an overwrite that needs the 4-byte size
        assertThat(NeedleLocation.size(map.get(100))).isEqualTo(Integer.MAX_VALUE);
        assertThat(NeedleLocation.size(map.get(200))).isEqualTo(4096);
    }

    @Test
    void keysBelowTheFirstSegmentRebaseIt() {
        CompactNeedleMap map = new CompactNeedleMap(4);
        for (long k = 1000; k > 0; k -= 3) {
            map.put(k, (int) k, (int) k);
        }
        for (long k = 1000; k > 0; k -= 3) {
            assertThat(NeedleLocation.size(map.get(k))).isEqualTo((int) k);
        }
        assertThat(map.get(999)).isEqualTo(NeedleLocation.ABSENT);
    }
}
