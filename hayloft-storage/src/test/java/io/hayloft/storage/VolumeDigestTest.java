package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeDigestTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private Volume create(String sub, int id) {
        return Volume.create(dir.resolve(sub), "", VolumeId.of(id), ReplicaPlacement.parse("001"), Ttl.NONE,
                VolumeOptions.defaults().withClock(clock));
    }

    @Test
    void mixIsSplitMix64sFinaliser() {
        // SplitMix64 seeded with 0 first returns mix(0x9e3779b97f4a7c15): a published reference value.
        assertThat(VolumeDigest.mix(0x9e3779b97f4a7c15L)).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(VolumeDigest.mix(0)).isZero();
        assertThat(VolumeDigest.hash(5, 100))
                .isEqualTo(VolumeDigest.mix(5 ^ VolumeDigest.mix(100 + 0x9e3779b97f4a7c15L)));
    }

    @Test
    void bucketsSpanZeroTo1023() {
        Random random = new Random(42);
        BitSet seen = new BitSet();
        for (int i = 0; i < 100_000; i++) {
            int b = VolumeDigest.bucket(random.nextLong());
            assertThat(b).isBetween(0, VolumeDigest.BUCKETS - 1);
            seen.set(b);
        }
        assertThat(seen.cardinality()).isEqualTo(VolumeDigest.BUCKETS);
        assertThat(VolumeDigest.bucket(-1L)).isEqualTo((int) (VolumeDigest.mix(-1L) >>> 54));
    }

    @Test
    void orderOfNeedlesDoesNotMatter() {
        VolumeDigest forward = new VolumeDigest.Builder().add(1, 10).add(2, 20).add(-7, 30).build();
        VolumeDigest backward = new VolumeDigest.Builder().add(-7, 30).add(2, 20).add(1, 10).build();
        assertThat(forward).isEqualTo(backward);
        assertThat(forward.digest()).isEqualTo(backward.digest());
        assertThat(forward.matches(backward)).isTrue();
        assertThat(forward.liveCount()).isEqualTo(3);
        assertThat(forward.differingBuckets(backward).isEmpty()).isTrue();
    }

    @Test
    void offsetsDoNotEnterTheDigest() {
        VolumeDigest.Builder a = new VolumeDigest.Builder();
        VolumeDigest.Builder b = new VolumeDigest.Builder();
        a.visit(1, 1, 10);
        a.visit(2, 5, 20);
        b.visit(2, 900, 20);
        b.visit(1, 77, 10);
        assertThat(a.build()).isEqualTo(b.build());
    }

    @Test
    void replicasWithDifferentHistoriesButTheSameLiveNeedlesAgree() {
        try (Volume a = create("a", 1); Volume b = create("b", 1)) {
            a.write(Needle.of(1, 1, new byte[]{1}));
            a.write(Needle.of(2, 2, new byte[]{2, 2}));
            a.write(Needle.of(3, 3, new byte[]{3, 3, 3}));
            // b: other order, a deleted needle and an overwrite, so every offset differs
            b.write(Needle.of(9, 9, new byte[]{9}));
            b.write(Needle.of(3, 3, new byte[]{3, 3, 3}));
            b.write(Needle.of(2, 2, new byte[]{0, 0}));
            b.write(Needle.of(2, 2, new byte[]{2, 2}));
            b.write(Needle.of(1, 1, new byte[]{1}));
            b.delete(9, 9);
            VolumeDigest da = VolumeDigest.of(a);
            VolumeDigest db = VolumeDigest.of(b);
            assertThat(da).isEqualTo(db);
            assertThat(da.liveCount()).isEqualTo(3);
            b.compact();
            assertThat(VolumeDigest.of(b)).isEqualTo(da);
        }
    }

    @Test
    void expiredNeedlesStillCount() {
        try (Volume a = create("a", 2)) {
            a.write(Needle.of(1, 1, new byte[]{1}).withTtl(Ttl.parse("1m")));
            VolumeDigest before = VolumeDigest.of(a);
            clock.advance(Duration.ofMinutes(10));
            assertThat(VolumeDigest.of(a)).isEqualTo(before);
            assertThat(before.liveCount()).isEqualTo(1);
        }
    }

    @Test
    void missingKeyIsSeenInItsBucketOnly() {
        VolumeDigest full = new VolumeDigest.Builder().add(1, 10).add(2, 20).add(3, 30).build();
        VolumeDigest missing = new VolumeDigest.Builder().add(1, 10).add(3, 30).build();
        assertThat(full.matches(missing)).isFalse();
        assertThat(full.digest()).isNotEqualTo(missing.digest());
        assertThat(full.differingBuckets(missing).stream().toArray()).containsExactly(VolumeDigest.bucket(2));
    }

    @Test
    void extraKeyIsSeenInItsBucketOnly() {
        VolumeDigest base = new VolumeDigest.Builder().add(1, 10).build();
        VolumeDigest extra = new VolumeDigest.Builder().add(1, 10).add(0xdeadbeefL, 4).build();
        assertThat(base.digest()).isNotEqualTo(extra.digest());
        assertThat(extra.differingBuckets(base).stream().toArray()).containsExactly(VolumeDigest.bucket(0xdeadbeefL));
    }

    @Test
    void differentSizeIsSeenWithTheSameLiveCount() {
        VolumeDigest a = new VolumeDigest.Builder().add(1, 10).add(2, 20).build();
        VolumeDigest b = new VolumeDigest.Builder().add(1, 10).add(2, 21).build();
        assertThat(a.liveCount()).isEqualTo(b.liveCount());
        assertThat(a.matches(b)).isFalse();
        assertThat(a.differingBuckets(b).stream().toArray()).containsExactly(VolumeDigest.bucket(2));
    }

    @Test
    void volumeDigestIsTheSumOfTheBucketDigests() {
        VolumeDigest d = new VolumeDigest.Builder().add(1, 10).add(2, 20).add(3, 30).build();
        long sum = 0;
        for (long b : d.bucketDigests()) {
            sum += b;
        }
        assertThat(d.digest()).isEqualTo(sum)
                .isEqualTo(VolumeDigest.hash(1, 10) + VolumeDigest.hash(2, 20) + VolumeDigest.hash(3, 30));
        assertThat(d.bucketDigest(VolumeDigest.bucket(1))).isNotZero();
    }

    @Test
    void reportedDigestRoundTripsThroughHex() {
        VolumeDigest d = new VolumeDigest.Builder().add(1, 10).add(-2, 20).build();
        long[] parsed = new long[VolumeDigest.BUCKETS];
        for (int i = 0; i < parsed.length; i++) {
            String hex = VolumeDigest.hex(d.bucketDigest(i));
            assertThat(hex).hasSize(16).matches("[0-9a-f]{16}");
            parsed[i] = VolumeDigest.parseHex(hex);
        }
        assertThat(VolumeDigest.of(d.liveCount(), parsed)).isEqualTo(d);
        assertThat(VolumeDigest.parseHex("FFFFFFFFFFFFFFFF")).isEqualTo(-1L);
    }

    @Test
    void rejectsMalformedReportedDigests() {
        assertThatThrownBy(() -> VolumeDigest.parseHex("123")).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> VolumeDigest.parseHex("zzzzzzzzzzzzzzzz")).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> VolumeDigest.parseHex(null)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> VolumeDigest.of(1, new long[3])).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> VolumeDigest.of(-1, new long[VolumeDigest.BUCKETS]))
                .isInstanceOf(HayloftException.class);
    }
}
