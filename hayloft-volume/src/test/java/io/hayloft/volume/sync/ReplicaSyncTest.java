package io.hayloft.volume.sync;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Json;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecords;
import io.hayloft.storage.VolumeDigest;
import io.hayloft.volume.TestHttp;
import io.hayloft.volume.sync.SyncCluster.Node;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real replicas of one volume (placement 002), each behind its own HTTP server. */
class ReplicaSyncTest {
    private static final SyncConfig NO_LOOP = new SyncConfig(Duration.ZERO, Duration.ZERO);
    private static final List<Long> DELETED = List.of(5L, 6L, 7L, 8L);

    @TempDir
    Path dir;
    private SyncCluster cluster;
    private final AtomicReference<Runnable> duringSettle = new AtomicReference<>();

    private SyncCluster start(SyncConfig config) {
        cluster = new SyncCluster(dir, 3, "002", config, settle -> {
            Runnable r = duringSettle.getAndSet(null);
            if (r != null) {
                r.run();
            }
            return true;
        });
        return cluster;
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Writes 1..20 everywhere, then makes A (the coordinator), B and C miss different writes and
     * deletes. Expected from A: copy here 23 (from B or C) and 24 (from C); copy to C 21, 22, 25 and
     * to B 24; delete here 6 and 8; delete on C 5 and 7, on B 7 and 8.
     */
    private void diverge() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Node c = cluster.node(2);
        for (long k = 1; k <= 20; k++) {
            cluster.write(k, a, b, c);
        }
        cluster.write(21, a, b);                 // C was away
        cluster.write(22, a, b);
        cluster.write(23, b, c);                 // A was away
        cluster.write(24, c);                    // A and B were away
        cluster.write(SyncCluster.needle(25).withTtl(Ttl.parse("1m")), a, b);
        cluster.delete(5, a, b);                 // C missed the delete
        cluster.delete(6, b, c);                 // A missed the delete
        cluster.delete(7, a);                    // B and C missed it
        cluster.delete(8, c);                    // A and B missed it
        cluster.clock.advance(Duration.ofMinutes(10)); // 25 is now expired: still synced
    }

    private static List<Long> surviving() {
        List<Long> keys = new ArrayList<>(LongStream.rangeClosed(1, 25).boxed().toList());
        keys.removeAll(DELETED);
        return keys;
    }

    @Test
    void applyMakesEveryReplicaIdenticalAfterMissedWritesAndDeletes() {
        start(NO_LOOP);
        diverge();
        Node a = cluster.node(0);
        SyncReport report = a.sync().syncNow(SyncCluster.VID, true);
        assertThat(report).isEqualTo(new SyncReport(5, sortedPeers(), false, 2, 4, 2, 4, 0, 12, true));

        VolumeDigest digest = a.digest();
        assertThat(digest.liveCount()).isEqualTo(surviving().size());
        for (Node n : cluster.nodes) {
            assertThat(n.digest()).as(n.url()).isEqualTo(digest);
            for (long key : DELETED) {
                assertThat(n.volume().readStored(key)).as(n.url() + " key " + key).isEmpty();
            }
            for (long key : surviving()) {
                byte[] expected = NeedleRecords.encode(a.volume().readStored(key).orElseThrow());
                byte[] here = NeedleRecords.encode(n.volume().readStored(key).orElseThrow());
                assertThat(here).as(n.url() + " key " + key).isEqualTo(expected);
                HttpResponse<byte[]> r = TestHttp.get(n.base() + "/admin/volume/needle?volume=5&key="
                        + Long.toHexString(key), Map.of());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(expected);
            }
        }
        Needle copied = cluster.node(2).volume().readStored(25).orElseThrow();
        assertThat(copied).isEqualTo(a.volume().readStored(25).orElseThrow());
        assertThat(copied.ttl()).isEqualTo(Ttl.parse("1m"));

        assertThat(a.sync().syncNow(SyncCluster.VID, false))
                .isEqualTo(new SyncReport(5, sortedPeers(), true, 0, 0, 0, 0, 0, 0, false));
        assertThat(a.registry().get("hayloft_volume_sync_repairs").tag("action", "copy_to_peer").counter().count())
                .isEqualTo(4);
        assertThat(a.registry().get("hayloft_volume_sync_repairs").tag("action", "delete_on_peer").counter().count())
                .isEqualTo(4);
    }

    @Test
    void reportWithoutApplyCountsDifferencesAndChangesNothing() {
        start(NO_LOOP);
        diverge();
        List<VolumeDigest> before = digests();
        List<Long> sizes = datSizes();
        HttpResponse<byte[]> r = TestHttp.post(cluster.node(0).base() + "/admin/volume/sync?volume=5");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
        SyncReport report = Json.read(r.body(), SyncReport.class);
        assertThat(report).isEqualTo(new SyncReport(5, sortedPeers(), false, 2, 4, 2, 4, 0, 0, false));
        assertThat(TestHttp.text(r)).startsWith("{\"volume\":5,\"peers\":[");
        assertThat(digests()).isEqualTo(before);
        assertThat(datSizes()).isEqualTo(sizes);

        HttpResponse<byte[]> applied = TestHttp.post(cluster.node(0).base() + "/admin/volume/sync?volume=5&apply=true");
        assertThat(Json.read(applied.body(), SyncReport.class).repaired()).isEqualTo(12);
        assertThat(digests()).allMatch(d -> d.equals(cluster.node(0).digest()));
    }

    @Test
    void differenceSeenInOnlyOneComparisonIsNotActedOn() {
        start(NO_LOOP);
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Node c = cluster.node(2);
        cluster.write(1, a, b, c);
        cluster.write(21, a, b);      // C missed it: seen twice, repaired
        cluster.write(41, a, b);      // a write still reaching C: seen once
        duringSettle.set(() -> {
            cluster.write(41, c);
            cluster.write(40, a);     // a new write in flight to B and C: seen once
        });
        SyncReport report = a.sync().syncNow(SyncCluster.VID, true);
        assertThat(report).isEqualTo(new SyncReport(5, sortedPeers(), false, 0, 1, 0, 0, 0, 1, true));
        assertThat(c.volume().readStored(21)).isPresent();
        assertThat(b.volume().readStored(40)).isEmpty();
        assertThat(c.volume().readStored(40)).isEmpty();
    }

    @Test
    void deleteStillFanningOutAtTheFirstComparisonIsNotActedOn() {
        start(NO_LOOP);
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Node c = cluster.node(2);
        cluster.write(1, a, b, c);
        cluster.write(2, a, b, c);
        cluster.delete(2, b);             // a delete fanning out: B first
        duringSettle.set(() -> cluster.delete(2, a, c));
        SyncReport report = a.sync().syncNow(SyncCluster.VID, true);
        assertThat(report.inSync()).isTrue();
        assertThat(report.repaired()).isZero();
        assertThat(a.sync().syncNow(SyncCluster.VID, false).inSync()).isTrue();
    }

    @Test
    void conflictingSizesAreCountedAndLeftAlone() {
        start(NO_LOOP);
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Node c = cluster.node(2);
        cluster.write(1, a, b, c);
        Needle small = Needle.of(30, SyncCluster.COOKIE, new byte[]{1, 2, 3});
        Needle large = Needle.of(30, SyncCluster.COOKIE, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        cluster.write(small, a, c);
        cluster.write(large, b);
        List<VolumeDigest> before = digests();
        SyncReport report = a.sync().syncNow(SyncCluster.VID, true);
        assertThat(report).isEqualTo(new SyncReport(5, sortedPeers(), false, 0, 0, 0, 0, 1, 0, true));
        assertThat(digests()).isEqualTo(before);
        assertThat(b.volume().readStored(30).orElseThrow().data()).hasSize(9);
        assertThat(a.registry().get("hayloft_volume_sync_conflicts").counter().count()).isEqualTo(1);
    }

    @Test
    void backgroundRoundSyncsOnlyVolumesThisServerCoordinates() {
        start(NO_LOOP);
        diverge();
        List<Node> byUrl = cluster.nodes.stream().sorted((x, y) -> x.url().compareTo(y.url())).toList();
        VolumeId single = VolumeId.of(6);
        VolumeId shortOfReplicas = VolumeId.of(7);
        for (Node n : cluster.nodes) {
            n.store().allocate(single, "", ReplicaPlacement.NONE, Ttl.NONE);
            n.store().allocate(shortOfReplicas, "", ReplicaPlacement.parse("002"), Ttl.NONE);
        }
        cluster.lookups.put(single, List.of(byUrl.get(0).url()));
        cluster.lookups.put(shortOfReplicas, List.of(byUrl.get(0).url(), byUrl.get(1).url()));
        byUrl.get(0).store().volume(shortOfReplicas).write(SyncCluster.needle(1));
        List<VolumeDigest> before = digests();

        assertThat(byUrl.get(1).sync().syncAll()).isEmpty();
        assertThat(byUrl.get(2).sync().syncAll()).isEmpty();
        assertThat(digests()).isEqualTo(before);

        List<SyncReport> reports = byUrl.get(0).sync().syncAll();
        assertThat(reports).extracting(SyncReport::volume).containsExactly(5);
        assertThat(reports.getFirst().repaired()).isEqualTo(12);
        assertThat(digests()).allMatch(d -> d.equals(byUrl.get(0).digest()));
        assertThat(byUrl.get(1).store().volume(shortOfReplicas).readStored(1)).isEmpty();
        assertThat(byUrl.get(0).registry().get("hayloft_volume_sync_rounds").counter().count()).isEqualTo(1);

        SyncProgress.Snapshot progress = byUrl.get(0).sync().progress();
        assertThat(progress.running()).isNull();
        assertThat(progress.last().synced()).isEqualTo(1);
        assertThat(progress.last().failed()).isZero();
        assertThat(progress.last().finished()).isEqualTo(cluster.clock.instant());
        assertThat(progress.recent()).extracting(SyncProgress.Recent::volume).containsExactly(5);
        assertThat(progress.recent().getFirst().report()).isEqualTo(reports.getFirst());
        assertThat(byUrl.get(1).sync().progress().last().synced()).isZero();
        assertThat(byUrl.get(1).sync().progress().recent()).isEmpty();
    }

    @Test
    void backgroundLoopBringsReplicasInLine() {
        start(new SyncConfig(Duration.ofMillis(50), Duration.ZERO));
        diverge();
        cluster.nodes.forEach(n -> n.sync().start());
        assertThat(Await.holds(Duration.ofSeconds(20), () -> {
            List<VolumeDigest> d = digests();
            return d.stream().distinct().count() == 1 && d.getFirst().liveCount() == surviving().size();
        })).isTrue();
    }

    @Test
    void unreachablePeerFailsTheSyncBeforeAnyRepair() {
        start(NO_LOOP);
        diverge();
        Node a = cluster.node(0);
        cluster.lookups.put(SyncCluster.VID, List.of(a.url(), cluster.node(1).url(), "127.0.0.1:1"));
        List<VolumeDigest> before = digests();
        assertThatThrownBy(() -> a.sync().syncNow(SyncCluster.VID, true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("127.0.0.1:1");
        HttpResponse<byte[]> r = TestHttp.post(a.base() + "/admin/volume/sync?volume=5&apply=true");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(TestHttp.text(r)).contains("\"error\"").contains("127.0.0.1:1");
        assertThat(digests()).isEqualTo(before);
        SyncProgress.Recent failed = a.sync().progress().recent().getFirst();
        assertThat(failed.volume()).isEqualTo(SyncCluster.VID.value());
        assertThat(failed.report()).isNull();
        assertThat(failed.error()).contains("127.0.0.1:1");
    }

    @Test
    void volumeNotHeldHereIsNotFound() {
        start(NO_LOOP);
        assertThatThrownBy(() -> cluster.node(0).sync().syncNow(VolumeId.of(99), false))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    private List<String> sortedPeers() {
        return cluster.nodes.subList(1, cluster.nodes.size()).stream().map(Node::url).sorted().toList();
    }

    private List<VolumeDigest> digests() {
        return cluster.nodes.stream().map(Node::digest).toList();
    }

    private List<Long> datSizes() {
        return cluster.nodes.stream().map(n -> n.volume().stats().datSize()).toList();
    }
}
