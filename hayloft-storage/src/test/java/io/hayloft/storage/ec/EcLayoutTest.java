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
    void aRangeWithinOneBlockIsLocatedAloneAndOneAcrossAnEdgeIsNot() {
        EcLayout l = new EcLayout(10, 64, 16, 2 * 640 + 333);
        for (long offset = 0; offset < l.datSize(); offset++) {
            for (int length = 1; length <= 40 && offset + length <= l.datSize(); length++) {
                List<EcLayout.ShardRange> all = l.locate(offset, length);
                EcLayout.ShardRange one = l.locateWithinBlock(offset, length);
                if (all.size() == 1) {
                    assertThat(one).as("%d+%d", offset, length).isEqualTo(all.getFirst());
                } else {
                    assertThat(one).as("%d+%d", offset, length).isNull();
                }
            }
        }
        assertThatThrownBy(() -> l.locateWithinBlock(l.datSize() - 1, 2)).isInstanceOf(HayloftException.class);
    }

    @Test
    void rangesOutsideTheVolumeAndBadBlocksAreRefused() {
        EcLayout l = new EcLayout(10, 64, 16, 100);
        assertThatThrownBy(() -> l.locate(90, 11)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new EcLayout(10, 60, 16, 600)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new EcLayout(10, 60, 64, 0)).isInstanceOf(HayloftException.class);
    }

    @Test
    void theSmallBlockIsFittedSoATailIsPaddedByLessThanEightBytesAShardPerRow() {
        long mib = 1 << 20;
        for (long size : new long[] {640 << 10, 6 * mib + 12345, 10 * mib, 10 * mib + 1, 300 * mib + 777,
                9 * 1024 * mib}) {
            EcLayout l = EcLayout.fitted(10, EcLayout.LARGE_BLOCK, EcLayout.SMALL_BLOCK, size);
            assertThat(l.largeRows()).isZero();
            assertThat(l.smallBlock()).isLessThanOrEqualTo(EcLayout.SMALL_BLOCK).isGreaterThanOrEqualTo(8);
            assertThat(l.smallBlock() % 8).isZero();
            long padding = l.shardSize() * 10 - size;
            assertThat(padding).as("padding of a %d-byte volume", size).isGreaterThanOrEqualTo(0)
                    .isLessThan(80 * l.smallRows());
            assertThat(l.smallRows()).isEqualTo((size + 10 * mib - 1) / (10 * mib)); // as many rows as 1 MiB blocks need
        }
        // a tiny volume keeps 64 KiB blocks, so a small needle stays in one shard
        for (long size : new long[] {0, 1, 8, 100_000, (640 << 10) - 1}) {
            assertThat(EcLayout.fitted(10, EcLayout.LARGE_BLOCK, EcLayout.SMALL_BLOCK, size).smallBlock())
                    .isEqualTo(EcLayout.MIN_FITTED_BLOCK);
        }
        // with a large row the tail keeps 1 MiB blocks: under 10 MiB of padding after at least 10 GiB
        EcLayout big = EcLayout.fitted(10, EcLayout.LARGE_BLOCK, EcLayout.SMALL_BLOCK, 25L * 1024 * mib + 5);
        assertThat(big.largeRows()).isEqualTo(2);
        assertThat(big.smallBlock()).isEqualTo(EcLayout.SMALL_BLOCK);
        assertThat(big.shardSize() * 10 - big.datSize()).isLessThan(10 * mib);
        // every byte still lies where walking the rows puts it
        EcLayout odd = EcLayout.fitted(10, 1 << 20, 1 << 18, 1_234_567);
        assertThat(odd.smallBlock()).isEqualTo(123_464); // one row: ceil(1,234,567 / 10), rounded up to 8
        long at = 0;
        for (EcLayout.ShardRange r : odd.locate(0, odd.datSize())) {
            assertThat(r.length()).isPositive();
            at += r.length();
        }
        assertThat(at).isEqualTo(odd.datSize());
    }
}
