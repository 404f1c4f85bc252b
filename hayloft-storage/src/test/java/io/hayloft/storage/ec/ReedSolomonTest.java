package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RS(10,4) as a property: for random data and every choice of up to four lost shards (1,470 of them),
 * reconstruction gives back every byte, with both kernels, at lengths that do and do not fill vectors.
 */
class ReedSolomonTest {
    private static final long SEED = 20261207L;

    static Stream<CodingKernel> kernels() {
        return Stream.of(new ScalarKernel(), new VectorKernel());
    }

    private static byte[][] shards(ReedSolomon rs, int length, SplittableRandom random) {
        byte[][] shards = new byte[rs.totalShards()][length];
        for (int i = 0; i < rs.dataShards(); i++) {
            random.nextBytes(shards[i]);
        }
        return shards;
    }

    private static byte[][] copy(byte[][] shards) {
        byte[][] c = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            c[i] = shards[i].clone();
        }
        return c;
    }

    /** Every subset of {0..n-1} with 1 to k members, as bit masks. */
    private static List<Integer> lossesUpTo(int n, int k) {
        List<Integer> masks = new ArrayList<>();
        for (int mask = 1; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) <= k) {
                masks.add(mask);
            }
        }
        return masks;
    }

    /**
     * Known answers. RS(5,5) of two-byte shards: the vector Backblaze's JavaReedSolomon tests (and its ports)
     * check, from the same construction (Vandermonde rows {@code r^c} over GF(2^8) modulo {@code 0x11d}, times
     * the inverse of the top square), so Hayloft's shards are the ones other implementations of it compute.
     * RS(10,4): parity computed by an independent 40-line Python reference of that construction (log tables,
     * Gauss-Jordan), which also reproduces the RS(5,5) vector.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void parityMatchesKnownAnswers(CodingKernel kernel) {
        ReedSolomon five = new ReedSolomon(5, 5, kernel);
        byte[][] s = {{0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9}, new byte[2], new byte[2], new byte[2], new byte[2],
                new byte[2]};
        five.encode(s, 0, 2);
        assertThat(s[5]).containsExactly(12, 13);
        assertThat(s[6]).containsExactly(10, 11);
        assertThat(s[7]).containsExactly(14, 15);
        assertThat(s[8]).containsExactly(90, 91);
        assertThat(s[9]).containsExactly(94, 95);

        ReedSolomon rs = new ReedSolomon(10, 4, kernel);
        byte[][] shards = new byte[14][4];
        for (int i = 0; i < 10; i++) {
            for (int b = 0; b < 4; b++) {
                shards[i][b] = (byte) (31 * i + 7 * b + 1);
            }
        }
        rs.encode(shards, 0, 4);
        assertThat(shards[10]).containsExactly(11, 23, 69, 36);
        assertThat(shards[11]).containsExactly(140, 180, 100, 206);
        assertThat(shards[12]).containsExactly(140, 59, 131, 42);
        assertThat(shards[13]).containsExactly(140, 75, 162, 160);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyChoiceOfUpToFourLostShardsIsRebuiltByteForByte(CodingKernel kernel) {
        ReedSolomon rs = new ReedSolomon(10, 4, kernel);
        SplittableRandom random = new SplittableRandom(SEED);
        int length = 1000 + 37; // not a multiple of any vector length
        byte[][] original = shards(rs, length, random);
        rs.encode(original, 0, length);
        assertThat(rs.verify(original, 0, length)).isTrue();
        List<Integer> losses = lossesUpTo(14, 4);
        assertThat(losses).hasSize(14 + 91 + 364 + 1001);
        for (int lost : losses) {
            byte[][] damaged = copy(original);
            boolean[] present = new boolean[14];
            for (int i = 0; i < 14; i++) {
                present[i] = (lost >> i & 1) == 0;
                if (!present[i]) {
                    random.nextBytes(damaged[i]); // garbage where the lost shard was
                }
            }
            rs.reconstruct(damaged, present, 0, length);
            for (int i = 0; i < 14; i++) {
                assertThat(damaged[i]).as("shard %d after losing %s", i, Integer.toBinaryString(lost)).isEqualTo(original[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void eachLostShardIsRebuiltAloneForEveryChoiceOfUpToFourLost(CodingKernel kernel) {
        ReedSolomon rs = new ReedSolomon(10, 4, kernel);
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int length = 300 + 29;
        byte[][] original = shards(rs, length, random);
        rs.encode(original, 0, length);
        for (int lost : lossesUpTo(14, 4)) {
            boolean[] present = new boolean[14];
            for (int i = 0; i < 14; i++) {
                present[i] = (lost >> i & 1) == 0;
            }
            for (int w = 0; w < 14; w++) {
                if (present[w]) {
                    continue;
                }
                byte[][] damaged = copy(original);
                for (int i = 0; i < 14; i++) {
                    if (!present[i]) {
                        random.nextBytes(damaged[i]);
                    }
                }
                byte[][] garbage = copy(damaged);
                boolean[] wanted = new boolean[14];
                wanted[w] = true;
                rs.reconstructSome(damaged, present, wanted, 0, length);
                for (int i = 0; i < 14; i++) {
                    assertThat(damaged[i]).as("shard %d, wanting %d after losing %s", i, w, Integer.toBinaryString(lost))
                            .isEqualTo(i == w ? original[i] : garbage[i]);
                }
            }
        }
    }

    @Test
    void bothKernelsComputeTheSameParityAtEveryLength() {
        ReedSolomon scalar = new ReedSolomon(10, 4, new ScalarKernel());
        ReedSolomon vector = new ReedSolomon(10, 4, new VectorKernel());
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int length : new int[] {0, 1, 15, 16, 31, 32, 33, 63, 64, 65, 4095, 4096, 4097, 100_003}) {
            byte[][] a = shards(scalar, length, random);
            byte[][] b = copy(a);
            scalar.encode(a, 0, length);
            vector.encode(b, 0, length);
            assertThat(b).as("length %d", length).isDeepEqualTo(a);
        }
    }

    @Test
    void theDataShardsAreTheDataAndARangeIsCodedOnItsOwn() {
        ReedSolomon rs = new ReedSolomon(10, 4, new ScalarKernel());
        SplittableRandom random = new SplittableRandom(SEED + 2);
        byte[][] whole = shards(rs, 8192, random);
        byte[][] data = copy(whole);
        rs.encode(whole, 0, 8192);
        for (int i = 0; i < 10; i++) {
            assertThat(whole[i]).isEqualTo(data[i]); // systematic: encoding leaves the data as it was
        }
        // a needle's range, rebuilt alone from shards whose other bytes are missing
        byte[][] partial = copy(whole);
        boolean[] present = {true, false, true, true, false, true, true, true, true, true, true, true, false, true};
        for (int i = 0; i < 14; i++) {
            if (!present[i]) {
                java.util.Arrays.fill(partial[i], (byte) 0);
            }
        }
        rs.reconstruct(partial, present, 1000, 300);
        assertThat(java.util.Arrays.copyOfRange(partial[1], 1000, 1300))
                .isEqualTo(java.util.Arrays.copyOfRange(whole[1], 1000, 1300));
        assertThat(partial[1][999]).isZero();
        assertThat(partial[1][1300]).isZero();
    }

    @Test
    void aChangedByteFailsVerification() {
        ReedSolomon rs = ReedSolomon.rs10x4();
        byte[][] shards = shards(rs, 512, new SplittableRandom(SEED + 3));
        rs.encode(shards, 0, 512);
        shards[3][200] ^= 1;
        assertThat(rs.verify(shards, 0, 512)).isFalse();
    }

    @Test
    void fiveLostShardsAreACorruptVolumeNotGarbage() {
        ReedSolomon rs = ReedSolomon.rs10x4();
        byte[][] shards = shards(rs, 64, new SplittableRandom(SEED + 4));
        rs.encode(shards, 0, 64);
        boolean[] present = {false, true, false, true, false, true, true, true, true, true, false, true, true, false};
        assertThatThrownBy(() -> rs.reconstruct(shards, present, 0, 64))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
                .hasMessageContaining("only 9 of 14");
    }

    @Test
    void malformedArgumentsAreRefused() {
        ReedSolomon rs = ReedSolomon.rs10x4();
        assertThatThrownBy(() -> rs.encode(new byte[13][8], 0, 8)).isInstanceOf(HayloftException.class);
        byte[][] shards = new byte[14][8];
        shards[5] = new byte[4];
        assertThatThrownBy(() -> rs.encode(shards, 0, 8)).hasMessageContaining("shard 5");
        assertThatThrownBy(() -> new ReedSolomon(0, 4)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new ReedSolomon(60, 5)).isInstanceOf(HayloftException.class);
    }

    @Test
    void testsRunWithTheVectorKernel() {
        // surefire resolves jdk.incubator.vector: the default code must then use it, or the vector path goes untested
        assertThat(ReedSolomon.rs10x4().kernelName()).startsWith("vector-");
    }
}
