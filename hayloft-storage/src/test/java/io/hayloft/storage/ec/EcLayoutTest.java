package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EcLayoutTest {
    /** Where byte x lies, by walking the rows one by one: the definition {@link EcLayout#locate} must match. */
    private static long[] walk(EcLayout l, long x) {
        long data = 0;
        long shardOffset = 0;
        for (long r = 0; r < l.largeRows(); r++, shardOffset += l.largeBlock()) {
            for (int s = 0; s < l.dataShards(); s++, data += l.largeBlock()) {
                if (x < data + l.largeBlock()) {
                    return new long[] {s, shardOffset + x - data};
                }
            }
        }
        while (true) {
            for (int s = 0; s < l.dataShards(); s++, data += l.smallBlock()) {
                if (x < data + l.smallBlock()) {
                    return new long[] {s, shardOffset + x - data};
                }
            }
            shardOffset += l.smallBlock();
        }
    }

    @Test
    void everyByteLiesWhereWalkingTheRowsPutsIt() {
        EcLayout l = new EcLayout(10, 64, 16, 2 * 640 + 333); // two large rows, then three small ones
        assertThat(l.largeRows()).isEqualTo(2);
        assertThat(l.smallRows()).isEqualTo(3);
        assertThat(l.shardSize()).isEqualTo(2 * 64 + 3 * 16);
        for (long x = 0; x < l.datSize(); x++) {
            List<EcLayout.ShardRange> one = l.locate(x, 1);
            assertThat(one).hasSize(1);
            long[] expected = walk(l, x);
            assertThat(new long[] {one.getFirst().shard(), one.getFirst().offset()}).as("byte %d", x).isEqualTo(expected);
        }
    }

    @Test
    void aRangeIsCutAtBlockEdgesAndCoversItsBytesInOrder() {
        EcLayout l = new EcLayout(10, 64, 16, 2 * 640 + 333);
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 2000; t++) {
            long start = random.nextLong(l.datSize());
            long length = random.nextLong(l.datSize() - start + 1);
            long x = start;
            for (EcLayout.ShardRange r : l.locate(start, length)) {
                assertThat(new long[] {r.shard(), r.offset()}).isEqualTo(walk(l, x));
                assertThat(new long[] {r.shard(), r.offset() + r.length() - 1}).isEqualTo(walk(l, x + r.length() - 1));
                x += r.length();
            }
            assertThat(x).isEqualTo(start + length);
        }
    }

    @Test
    void aNeedleInsideALargeBlockIsOneRangeOfOneShard() {
        EcLayout l = new EcLayout(10, EcLayout.LARGE_BLOCK, EcLayout.SMALL_BLOCK, 30L << 30);
        assertThat(l.locate(5L << 30, 4096)).containsExactly(new EcLayout.ShardRange(5, 0, 4096));
        assertThat(l.largeRows()).isEqualTo(3);
        assertThat(l.smallRows()).isZero();
    }

    @Test
    void rangesOutsideTheVolumeAndBadBlocksAreRefused() {
        EcLayout l = new EcLayout(10, 64, 16, 100);
        assertThatThrownBy(() -> l.locate(90, 11)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new EcLayout(10, 60, 16, 0)).isInstanceOf(HayloftException.class);
    }
}
