package io.hayloft.master.ec;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.Topology;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The leader's automatic erasure coding by policy, over a topology fed by stand-in volume servers that
 * do what they are told and heartbeat it: a full, quiet volume of a covered collection is encoded, its
 * shards spread and its replicas deleted; a volume too empty, too recently written, of another collection,
 * or with the policy off, is left alone.
 */
class EcAutoEncodeTest {
    private static final long LIMIT = 1000;
    private static final VolumeId V = VolumeId.of(4);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
    private final Topology topology = new Topology(clock, LIMIT, Duration.ofHours(1), new SplittableRandom(1));
    private final Map<Integer, List<VolumeReport>> volumes = new HashMap<>();
    private final Map<Integer, Long> shards = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final BusyVolumes busy = new BusyVolumes();

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.indexOf(':') + 1));
    }

    private void beat(int port) {
        long bits = shards.getOrDefault(port, 0L);
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", port, "", "dc1", "r" + port, 4, 0,
                volumes.getOrDefault(port, List.of()), bits == 0 ? List.of() : List.of(new EcShardReport(4, "logs", bits))));
    }

    private final VolumeServerAdmin volumeAdmin = new VolumeServerAdmin() {
        @Override
        public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String nodeUrl, VolumeId id) {
            calls.add("delete volume on " + port(nodeUrl));
            volumes.remove(port(nodeUrl));
            beat(port(nodeUrl));
        }

        @Override
        public long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long sync(String nodeUrl, VolumeId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void mark(String nodeUrl, VolumeId id, boolean readOnly) {
            calls.add("mark " + port(nodeUrl) + " " + readOnly);
        }
    };

    private final EcShardAdmin shardAdmin = new EcShardAdmin() {
        @Override
        public void encode(String nodeUrl, VolumeId id) {
            calls.add("encode on " + port(nodeUrl));
            shards.put(port(nodeUrl), (1L << 14) - 1);
            beat(port(nodeUrl));
        }

        @Override
        public void copy(String targetUrl, VolumeId id, String collection, String sourceUrl,
                         SortedSet<Integer> s) {
            shards.merge(port(targetUrl), EcEncoding.bits(s), (a, b) -> a | b);
            beat(port(targetUrl));
        }

        @Override
        public void decode(String nodeUrl, VolumeId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String nodeUrl, VolumeId id, SortedSet<Integer> s) {
            shards.computeIfPresent(port(nodeUrl), (k, b) -> b & ~EcEncoding.bits(s));
            beat(port(nodeUrl));
        }

        @Override
        public void rebuild(String targetUrl, VolumeId id, String collection, SortedSet<Integer> s, String sourceUrl) {
            throw new UnsupportedOperationException();
        }
    };

    /** Volume 4 of collection {@code logs} replicated 001 on servers 1 and 2 (5 servers, 5 racks). */
    private void cluster(long size, Instant lastWrite) {
        VolumeReport v = new VolumeReport(4, "logs", size, 10, 0, 0, "001", "", false, 0, lastWrite.getEpochSecond());
        volumes.put(1, List.of(v));
        volumes.put(2, List.of(v));
        for (int p = 1; p <= 5; p++) {
            beat(p);
        }
    }

    private EcAutoEncode auto(EcPolicy policy) {
        EcEncoding encoding = new EcEncoding(topology, volumeAdmin, shardAdmin, busy, Duration.ofSeconds(5));
        return new EcAutoEncode(topology, encoding, busy, policy, clock, Duration.ZERO, () -> true);
    }

    @Test
    void aFullQuietVolumeIsEncodedSpreadAndItsReplicasDeleted() {
        cluster(900, clock.instant().minus(Duration.ofHours(2)));
        Optional<VolumeId> encoded = auto(new EcPolicy(80, Duration.ofHours(1), List.of("logs"))).pass();
        assertThat(encoded).contains(V);
        assertThat(calls).contains("mark 1 true", "mark 2 true", "encode on 1", "delete volume on 1",
                "delete volume on 2");
        assertThat(topology.lookup(V)).isEmpty();
        Topology.EcVolumeView ec = topology.ecVolume(V).orElseThrow();
        assertThat(Long.bitCount(ec.presentBits())).isEqualTo(14);
        assertThat(ec.nodes()).hasSize(5);
        assertThat(shards.values()).allMatch(b -> Long.bitCount(b) <= 4);
    }

    @Test
    void aVolumeWrittenTooRecentlyWaitsUntilItIsQuiet() {
        cluster(900, clock.instant().minus(Duration.ofMinutes(30)));
        EcAutoEncode auto = auto(new EcPolicy(80, Duration.ofHours(1), List.of()));
        assertThat(auto.pass()).isEmpty();
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(auto.pass()).contains(V);
    }

    @Test
    void anEmptierVolumeAnotherCollectionOrThePolicyOffAreLeftAlone() {
        cluster(700, clock.instant().minus(Duration.ofDays(1)));
        assertThat(auto(new EcPolicy(80, Duration.ofHours(1), List.of())).pass()).isEmpty();
        assertThat(auto(new EcPolicy(50, Duration.ofHours(1), List.of("pics"))).pass()).isEmpty();
        assertThat(auto(EcPolicy.OFF).pass()).isEmpty();
        assertThat(calls).isEmpty();
        assertThat(topology.lookup(V)).isPresent();
    }
}
