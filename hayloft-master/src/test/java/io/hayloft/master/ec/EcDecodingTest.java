package io.hayloft.master.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.Topology;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Decoding: the holder of most shards builds the volume; the shards go only once the volume is registered. */
class EcDecodingTest {
    private static final VolumeId V = VolumeId.of(6);

    private final Topology topology = new Topology(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), 1 << 30,
            Duration.ofHours(1), new SplittableRandom(1));
    private final Map<Integer, Long> shards = new HashMap<>();
    private final Map<Integer, Boolean> volume = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private boolean reportDecoded = true;

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.indexOf(':') + 1));
    }

    private void beat(int port) {
        long bits = shards.getOrDefault(port, 0L);
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", port, "", "dc1", "r1", 8, 0,
                volume.getOrDefault(port, false)
                        ? List.of(new VolumeReport(6, "", 100, 1, 0, 0, "000", "", true, 0, 0)) : List.of(),
                bits == 0 ? List.of() : List.of(new EcShardReport(6, "", bits))));
    }

    private final EcShardAdmin admin = new EcShardAdmin() {
        @Override
        public void encode(String nodeUrl, VolumeId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void copy(String t, VolumeId id, String c, String s, SortedSet<Integer> sh) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String nodeUrl, VolumeId id, SortedSet<Integer> s) {
            calls.add("drop " + port(nodeUrl) + " " + s);
            shards.computeIfPresent(port(nodeUrl), (k, b) -> b & ~EcEncoding.bits(s));
            beat(port(nodeUrl));
        }

        @Override
        public void decode(String nodeUrl, VolumeId id) {
            calls.add("decode on " + port(nodeUrl));
            if (reportDecoded) {
                volume.put(port(nodeUrl), true);
                beat(port(nodeUrl));
            }
        }

        @Override
        public void rebuild(String t, VolumeId id, String c, SortedSet<Integer> s, String src) {
            throw new UnsupportedOperationException();
        }
    };

    private void cluster() {
        shards.put(1, 0b1111L);
        shards.put(2, 0b1111_1111_0000L);
        shards.put(3, 0b11_0000_0000_0000L);
        for (int p = 1; p <= 3; p++) {
            beat(p);
        }
    }

    @Test
    void theBiggestHolderDecodesAndTheShardsGoOnceTheVolumeIsRegistered() {
        cluster();
        EcDecoding decoding = new EcDecoding(topology, admin, new BusyVolumes(), Duration.ofSeconds(5));
        EcDecoding.Report dry = decoding.decode(V, null, false);
        assertThat(dry.target()).isEqualTo("127.0.0.1:2");
        assertThat(calls).isEmpty();

        EcDecoding.Report done = decoding.decode(V, null, true);
        assertThat(done.applied()).isTrue();
        assertThat(calls.getFirst()).isEqualTo("decode on 2");
        assertThat(calls).hasSize(4);
        assertThat(topology.ecVolume(V)).isEmpty();
        assertThat(topology.lookup(V)).isPresent();
    }

    @Test
    void aDecodeNeverReportedKeepsTheShards() {
        cluster();
        reportDecoded = false;
        EcDecoding decoding = new EcDecoding(topology, admin, new BusyVolumes(), Duration.ofMillis(200));
        assertThatThrownBy(() -> decoding.decode(V, null, true)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(calls).containsExactly("decode on 2");
        assertThat(Long.bitCount(topology.ecVolume(V).orElseThrow().presentBits())).isEqualTo(14);
    }

    @Test
    void tooFewShardsOrAnUnknownVolumeAreRefused() {
        shards.put(1, 0b1_1111_1111L);
        beat(1);
        EcDecoding decoding = new EcDecoding(topology, admin, new BusyVolumes(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> decoding.decode(V, null, true)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        assertThatThrownBy(() -> decoding.decode(VolumeId.of(99), null, false)).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(calls).isEmpty();
    }
}
