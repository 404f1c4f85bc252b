package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.wire.EcNeedleShards;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key-run map of which shard holds each needle of an erasure-coded volume. */
class NeedleShardMapTest {
    @Test
    void runsFollowTheShardsAndAnswerEveryKeyTheVolumeHolds() {
        long[] keys = {1, 2, 3, 10, 11, 12, 0xFFFF_FFFF_FFFF_FFF0L};
        int[] shards = {0, 0, 1, 1, 2, 0, 3};
        NeedleShardMap map = NeedleShardMap.of(keys, shards, 100);
        assertThat(map.runs()).isEqualTo(5);
        for (int i = 0; i < keys.length; i++) {
            assertThat(map.shardOf(keys[i])).as("key %x", keys[i]).isEqualTo(shards[i]);
        }
        assertThat(map.shardOf(0)).isEqualTo(NeedleShardMap.UNKNOWN); // below the first key
        NeedleShardMap back = NeedleShardMap.fromWire(map.toWire(7));
        for (int i = 0; i < keys.length; i++) {
            assertThat(back.shardOf(keys[i])).isEqualTo(shards[i]);
        }
        assertThat(map.toWire(7).firstKeys()).containsExactly("1", "3", "b", "c", "fffffffffffffff0");
    }

    @Test
    void aMapCutShortNamesNoShardForTheRest() {
        long[] keys = new long[100];
        int[] shards = new int[100];
        for (int i = 0; i < 100; i++) {
            keys[i] = i + 1;
            shards[i] = i % 2; // interleaved: one run per needle
        }
        NeedleShardMap map = NeedleShardMap.of(keys, shards, 10);
        assertThat(map.runs()).isEqualTo(10);
        assertThat(map.shardOf(9)).isEqualTo(0);
        assertThat(map.shardOf(10)).isEqualTo(NeedleShardMap.UNKNOWN);
        assertThat(map.shardOf(100)).isEqualTo(NeedleShardMap.UNKNOWN);
        assertThat(NeedleShardMap.of(new long[0], new int[0], 1).shardOf(5)).isEqualTo(NeedleShardMap.UNKNOWN);
    }

    @Test
    void aMalformedAnswerIsRefused() {
        assertThatThrownBy(() -> NeedleShardMap.fromWire(new EcNeedleShards(1, List.of("2", "1"), List.of(0, 1))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("ascend");
        assertThatThrownBy(() -> NeedleShardMap.fromWire(new EcNeedleShards(1, List.of("zz"), List.of(0))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("hex");
        assertThatThrownBy(() -> NeedleShardMap.fromWire(new EcNeedleShards(1, List.of("1"), List.of(0, 1))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("one shard per run");
        assertThatThrownBy(() -> NeedleShardMap.fromWire(new EcNeedleShards(1, List.of("1"), Arrays.asList(99))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("0..63");
        assertThatThrownBy(() -> NeedleShardMap.fromWire(new EcNeedleShards(1, null, List.of())))
                .isInstanceOf(HayloftException.class);
    }
}
