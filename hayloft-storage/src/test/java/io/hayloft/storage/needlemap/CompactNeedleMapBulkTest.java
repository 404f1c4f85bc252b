package io.hayloft.storage.needlemap;

import io.hayloft.storage.Seeded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CompactNeedleMap#applyAll}, the bulk path of loading an index, against the one-entry-at-a-time
 * path: the same entry streams applied in random batches to one map and entry by entry to a
 * {@link ModelNeedleMap} and to a second {@link CompactNeedleMap} must end in the same state.
 */
class CompactNeedleMapBulkTest {

    @ParameterizedTest(name = "{0} entries, segments of {1}")
    @CsvSource({"inOrder,1024", "inOrder,4", "inOrder,2", "inOrderWithDeletes,1024", "inOrderWithDeletes,8",
            "gapped,1024", "widening,1024", "widening,16", "largeSizes,1024", "random,64", "random,2"})
    void agreesWithPuttingEachEntry(String stream, int segmentCapacity) {
        Seeded.run(random -> {
            int n = 40_000;
            long[] keys = new long[n];
            int[] offsets = new int[n];
            int[] sizes = new int[n];
            generate(stream, random, keys, offsets, sizes);

            CompactNeedleMap bulk = new CompactNeedleMap(segmentCapacity);
            CompactNeedleMap oneByOne = new CompactNeedleMap(segmentCapacity);
            ModelNeedleMap model = new ModelNeedleMap();
            for (int from = 0; from < n; ) {
                int count = Math.min(n - from, 1 + random.nextInt(random.nextBoolean() ? 7 : 5_000));
                long[] k = java.util.Arrays.copyOfRange(keys, from, from + count);
                int[] o = java.util.Arrays.copyOfRange(offsets, from, from + count);
                int[] s = java.util.Arrays.copyOfRange(sizes, from, from + count);
                bulk.applyAll(k, o, s, count);
                for (int i = from; i < from + count; i++) {
                    if (sizes[i] >= 0) {
                        model.put(keys[i], offsets[i], sizes[i]);
                        oneByOne.put(keys[i], offsets[i], sizes[i]);
                    } else {
                        model.delete(keys[i]);
                        oneByOne.delete(keys[i]);
                    }
                }
                from += count;
                assertSame(bulk, model);
            }
            assertThat(entries(bulk)).isEqualTo(entries(model)).isEqualTo(entries(oneByOne));
            for (int i = 0; i < n; i += 7) {
                assertThat(bulk.get(keys[i])).isEqualTo(model.get(keys[i]));
                assertThat(bulk.get(keys[i] + 1)).isEqualTo(model.get(keys[i] + 1));
            }
            // rows offered in bulk are sized to what was offered, so no more memory than one at a time
            assertThat(bulk.memoryBytes()).isLessThanOrEqualTo(oneByOne.memoryBytes() + 16L * segmentCapacity);
        });
    }

    @Test
    void anInOrderIndexIsLoadedWithItsRowsAllocatedOnce() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 1_000_000;
        int batch = 4096;
        long[] keys = new long[batch];
        int[] offsets = new int[batch];
        int[] sizes = new int[batch];
        CompactNeedleMap map = new CompactNeedleMap();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int from = 1; from <= n; from += batch) {
            int count = Math.min(batch, n - from + 1);
            for (int i = 0; i < count; i++) {
                keys[i] = from + i;
                offsets[i] = 3 * (from + i);
                sizes[i] = 1000 + i % 64;
            }
            map.applyAll(keys, offsets, sizes, count);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(map.liveCount()).isEqualTo(n);
        assertThat(map.maxKey()).isEqualTo(n);
        assertThat(NeedleLocation.size(map.get(n / 2))).isEqualTo(1000 + (n / 2 - 1) % 64);
        assertThat(NeedleLocation.offsetUnits(map.get(n))).isEqualTo(3L * n);
        assertThat(allocated).isLessThan(map.memoryBytes() * 13 / 10);
        assertThat((double) map.memoryBytes() / n).isLessThan(9.2);
    }

    private static void generate(String stream, Random random, long[] keys, int[] offsets, int[] sizes) {
        long next = 1 + random.nextInt(1000);
        for (int i = 0; i < keys.length; i++) {
            boolean old = i > 0 && random.nextInt(20) == 0;
            long key = switch (stream) {
                case "inOrder" -> next++;
                case "inOrderWithDeletes" -> old ? keys[random.nextInt(i)] : next++;
                case "gapped" -> next += 1 + random.nextInt(random.nextInt(50) == 0 ? 1 << 20 : 300);
                // key gaps that force 4- and 8-byte rows part way through a segment
                case "widening" -> next += random.nextInt(200) == 0 ? 1L << (17 + random.nextInt(40)) : 1;
                case "largeSizes" -> next++;
                default -> random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(20_000);
            };
            keys[i] = key;
            offsets[i] = random.nextInt();
            sizes[i] = switch (stream) {
                case "largeSizes" -> random.nextInt(30) == 0 ? (1 << 24) + random.nextInt(1 << 20) : random.nextInt(5000);
                case "inOrderWithDeletes", "random" -> random.nextInt(4) == 0 ? -1 : random.nextInt(1 << 24);
                default -> random.nextInt(1 << 24);
            };
        }
    }

    private static void assertSame(NeedleMap actual, ModelNeedleMap model) {
        assertThat(actual.liveCount()).isEqualTo(model.liveCount());
        assertThat(actual.deletedCount()).isEqualTo(model.deletedCount());
        assertThat(actual.deletedBytes()).isEqualTo(model.deletedBytes());
        assertThat(actual.maxKey()).isEqualTo(model.maxKey());
    }

    private record Entry(long key, long offsetUnits, int size) {
    }

    private static List<Entry> entries(NeedleMap map) {
        List<Entry> out = new ArrayList<>();
        map.forEach((key, offsetUnits, size) -> out.add(new Entry(key, offsetUnits, size)));
        return out;
    }
}
