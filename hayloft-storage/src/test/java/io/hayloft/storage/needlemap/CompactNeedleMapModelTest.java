package io.hayloft.storage.needlemap;

import io.hayloft.storage.Seeded;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long random runs of {@link CompactNeedleMap} against a {@link HashMap} model, over several key
 * distributions and segment sizes, checking every answer, the counters and the iteration order.
 */
class CompactNeedleMapModelTest {

    @ParameterizedTest(name = "{0} keys, segments of {1}")
    @CsvSource({"mostlySequential,1024", "mostlySequential,4", "dense,16", "clustered,64", "wide,8",
            "mixed,2", "mixed,1024", "gapped,1024", "gapped,32", "appending,1024", "appending,4", "appending,2"})
    void agreesWithAHashMapModel(String distribution, int segmentCapacity) {
        Seeded.run(random -> {
            CompactNeedleMap map = new CompactNeedleMap(segmentCapacity);
            Map<Long, Long> model = new HashMap<>();
            long deletedCount = 0;
            long deletedBytes = 0;
            long maxKey = 0;
            long next = 1;
            for (int op = 0; op < 60_000; op++) {
                long key = switch (distribution) {
                    case "mostlySequential" -> random.nextInt(10) == 0 ? 1 + random.nextLong(next) : next++;
                    case "dense" -> random.nextInt(2_000);
                    case "clustered" -> ((long) random.nextInt(8) << 34) + random.nextInt(5_000);
                    case "wide" -> random.nextLong();
                    case "gapped" -> next += 1 + random.nextInt(random.nextInt(50) == 0 ? 1 << 20 : 300);
                    // an index replayed in write order: mostly new keys above all others (the no-search
                    // append), some rewrites and deletes of recent ones in the last segments
                    case "appending" -> random.nextInt(10) == 0 ? Math.max(1, next - 1 - random.nextInt(3_000))
                            : (next += 1 + random.nextInt(3));
                    default -> pick(random, next++);
                };
                int roll = random.nextInt(100);
                if (roll < 65) {
                    int off = random.nextInt();
                    // mostly sizes that fit a row's 3-byte form, some that need 4 bytes
                    int size = random.nextInt(8) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(1 << 24);
                    Long prev = model.put(key, NeedleLocation.pack(off, size));
                    assertThat(map.put(key, off, size)).isEqualTo(prev == null ? NeedleLocation.ABSENT : prev);
                    if (prev != null) {
                        deletedCount++;
                        deletedBytes += NeedleLocation.size(prev);
                    }
                    if (Long.compareUnsigned(key, maxKey) > 0) {
                        maxKey = key;
                    }
                } else if (roll < 85) {
                    Long prev = model.remove(key);
                    assertThat(map.delete(key)).isEqualTo(prev == null ? NeedleLocation.ABSENT : prev);
                    if (prev != null) {
                        deletedCount++;
                        deletedBytes += NeedleLocation.size(prev);
                    }
                } else {
                    assertThat(map.get(key)).isEqualTo(model.getOrDefault(key, NeedleLocation.ABSENT));
                }
            }
            assertThat(map.liveCount()).isEqualTo(model.size());
            assertThat(map.deletedCount()).isEqualTo(deletedCount);
            assertThat(map.deletedBytes()).isEqualTo(deletedBytes);
            assertThat(map.maxKey()).isEqualTo(maxKey);
            List<Long> keys = new ArrayList<>();
            map.forEach((key, offsetUnits, size) -> {
                keys.add(key);
                assertThat(NeedleLocation.pack((int) offsetUnits, size)).isEqualTo(model.get(key));
            });
            List<Long> expected = new ArrayList<>(model.keySet());
            expected.sort(Long::compareUnsigned);
            assertThat(keys).isEqualTo(expected);
        });
    }

    private static long pick(Random random, long next) {
        return switch (random.nextInt(4)) {
            case 0 -> next;
            case 1 -> random.nextLong();
            case 2 -> -1L - random.nextInt(100);
            default -> random.nextInt(500);
        };
    }
}
