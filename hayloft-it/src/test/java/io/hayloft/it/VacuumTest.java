package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.storage.Volume;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Vacuum end to end: the master has every replica of a 001 volume compact it, on demand and on its own. */
class VacuumTest {
    @TempDir
    Path root;

    @Test
    void vacuumAfterDeletingSeventyPercentShrinksEveryReplicaAndKeepsEverySurvivor() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(2, "dc1", "rack1");
            VolumeServer b = cluster.addVolumeServer(2, "dc1", "rack1");
            Map<FileId, byte[]> live = Blobs.upload(cluster, 60, new Random(6));
            Set<VolumeId> volumes = new TreeSet<>();
            live.keySet().forEach(f -> volumes.add(f.volumeId()));
            Map<VolumeId, Long> sizeBefore = new HashMap<>();
            for (VolumeId v : volumes) {
                sizeBefore.put(v, a.store().volume(v).stats().datSize());
            }
            List<FileId> deleted = deleteShare(cluster, live, 0.7);
            awaitGarbageReported(cluster, volumes);

            HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), "/vol/vacuum?garbageThreshold=0.3");
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
            JsonNode outcomes = TestHttp.json(r).get("volumes");
            Set<Integer> compacted = new TreeSet<>();
            for (JsonNode o : outcomes) {
                assertThat(o.get("compacted").asBoolean()).as(o.toString()).isTrue();
                assertThat(o.get("replicas").size()).isEqualTo(2);
                compacted.add(o.get("volume").asInt());
            }
            assertThat(compacted).containsExactlyInAnyOrderElementsOf(volumes.stream().map(VolumeId::value).toList());

            for (VolumeServer vs : List.of(a, b)) {
                for (VolumeId v : volumes) {
                    Volume volume = vs.store().volume(v);
                    assertThat(volume.superBlock().compactionRevision()).isEqualTo(1);
                    assertThat(Files.size(volume.datPath())).isLessThan(sizeBefore.get(v) * 6 / 10);
                    assertThat(volume.garbageRatio()).isZero();
                }
                Blobs.assertEveryBlobReads(vs, live);
                for (FileId gone : deleted) {
                    assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).isEqualTo(404);
                }
            }
            // The volumes take assignments again.
            assertThat(Blobs.upload(cluster, 3, new Random(7))).hasSize(3);
            String metrics = TestHttp.text(TestHttp.get(cluster.masterUrl(), "/metrics"));
            assertThat(metrics).contains("hayloft_master_vacuum_volumes_total{role=\"master\"} " + volumes.size() + ".0");
        }
    }

    @Test
    void aManualVacuumRightAfterDeletesAsksTheReplicasInsteadOfWaitingForAHeartbeat() throws Exception {
        Duration slowPulse = Duration.ofMinutes(2);
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withPulse(slowPulse))) {
            VolumeServer a = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(2)).withPulse(slowPulse));
            VolumeServer b = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(2)).withPulse(slowPulse));
            Map<FileId, byte[]> live = Blobs.upload(cluster, 40, new Random(11));
            Set<VolumeId> volumes = new TreeSet<>();
            live.keySet().forEach(f -> volumes.add(f.volumeId()));
            deleteShare(cluster, live, 0.7);

            HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), "/vol/vacuum?garbageThreshold=0.3");
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
            Set<Integer> compacted = new TreeSet<>();
            for (JsonNode o : TestHttp.json(r).get("volumes")) {
                assertThat(o.get("compacted").asBoolean()).as(o.toString()).isTrue();
                compacted.add(o.get("volume").asInt());
            }
            assertThat(compacted).as("volumes compacted without a heartbeat since the deletes: " + TestHttp.text(r))
                    .containsExactlyInAnyOrderElementsOf(volumes.stream().map(VolumeId::value).toList());
            for (VolumeServer vs : List.of(a, b)) {
                for (VolumeId v : volumes) {
                    assertThat(vs.store().volume(v).garbageRatio()).isZero();
                }
                Blobs.assertEveryBlobReads(vs, live);
            }
        }
    }

    @Test
    void vacuumWhileUploadsAndDeletesContinueLosesNoAcknowledgedWrite() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(2, "dc1", "rack1");
            VolumeServer b = cluster.addVolumeServer(2, "dc1", "rack1");
            Map<FileId, byte[]> live = new ConcurrentHashMap<>(Blobs.upload(cluster, 30, new Random(8)));
            List<FileId> deleted = new ArrayList<>(deleteShare(cluster, live, 0.5));

            AtomicBoolean done = new AtomicBoolean();
            List<FileId> deletedMeanwhile = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread writer = Thread.ofVirtual().start(() -> {
                Random random = new Random(9);
                for (int i = 0; i < 120 && !done.get(); i++) {
                    try {
                        live.putAll(Blobs.upload(cluster, 1, random));
                        if (i % 3 == 0) {
                            FileId victim = live.keySet().iterator().next();
                            if (TestHttp.delete(cluster.locations(victim.volumeId()).getFirst(), "/" + victim).statusCode() == 202) {
                                live.remove(victim);
                                deletedMeanwhile.add(victim);
                            }
                        }
                    } catch (AssertionError | RuntimeException e) {
                        // an unacknowledged upload (no writable volume for a moment) is not checked
                    }
                }
            });
            int compactions = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((writer.isAlive() || compactions == 0) && System.nanoTime() < deadline) {
                HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), "/vol/vacuum?garbageThreshold=0.01");
                assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
                for (JsonNode o : TestHttp.json(r).get("volumes")) {
                    assertThat(o.get("compacted").asBoolean()).as(o.toString()).isTrue();
                    compactions++;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // pace the passes, not a wait
            }
            done.set(true);
            writer.join(Duration.ofSeconds(60));
            assertThat(compactions).isPositive();
            for (VolumeServer vs : List.of(a, b)) {
                Blobs.assertEveryBlobReads(vs, live);
                for (FileId gone : deletedMeanwhile) {
                    assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).as(gone.toString()).isEqualTo(404);
                }
                for (FileId gone : deleted) {
                    assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).isEqualTo(404);
                }
            }
            assertThat(a.store().volumes()).anyMatch(v -> v.superBlock().compactionRevision() > 0);
        }
    }

    @Test
    void theLeaderVacuumsOnItsOwnWhenGarbagePassesTheThreshold() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withVacuumInterval(Duration.ofMillis(500)))) {
            VolumeServer a = cluster.addVolumeServer(2, "dc1", "rack1");
            VolumeServer b = cluster.addVolumeServer(2, "dc1", "rack1");
            Map<FileId, byte[]> live = Blobs.upload(cluster, 20, new Random(10));
            deleteShare(cluster, live, 0.7);
            Set<VolumeId> volumes = Set.copyOf(live.keySet().stream().map(FileId::volumeId).toList());
            for (VolumeServer vs : List.of(a, b)) {
                Await.until("every replica compacted by the vacuum loop", Duration.ofSeconds(30),
                        () -> volumes.stream().allMatch(v -> vs.store().volume(v).superBlock().compactionRevision() >= 1
                                && vs.store().volume(v).garbageRatio() == 0));
                Blobs.assertEveryBlobReads(vs, live);
            }
        }
    }

    @Test
    void badVacuumRequestsAre4xxJson() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(1, "", "");
            for (String q : List.of("garbageThreshold=abc", "garbageThreshold=1.5", "garbageThreshold=0", "bogus=1")) {
                HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), "/vol/vacuum?" + q);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
                assertThat(TestHttp.json(r).get("error").asString()).isNotBlank();
            }
            assertThat(TestHttp.postRaw(a.url(), "/admin/volume/vacuum?volume=77", "text/plain", new byte[0])
                    .statusCode()).isEqualTo(404);
            assertThat(TestHttp.postRaw(a.url(), "/admin/volume/vacuum?volume=x", "text/plain", new byte[0])
                    .statusCode()).isEqualTo(400);
            assertThat(TestHttp.postRaw(a.url(), "/admin/volume/vacuum", "text/plain", new byte[0])
                    .statusCode()).isEqualTo(400);
            assertThat(TestHttp.get(a.url(), "/admin/volume/garbage?volume=77").statusCode()).isEqualTo(404);
        }
    }

    /** Deletes the first {@code share} of {@code live} (removing them from it); returns them. */
    static List<FileId> deleteShare(LocalCluster cluster, Map<FileId, byte[]> live, double share) {
        List<FileId> victims = new ArrayList<>(live.keySet()).subList(0, (int) Math.round(live.size() * share));
        List<FileId> deleted = new ArrayList<>(victims);
        for (FileId f : deleted) {
            HttpResponse<byte[]> r = TestHttp.delete(cluster.locations(f.volumeId()).getFirst(), "/" + f);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(202);
            live.remove(f);
        }
        return deleted;
    }

    /** Waits until the master's view (heartbeats) shows at least half garbage in every replica of {@code volumes}. */
    private static void awaitGarbageReported(LocalCluster cluster, Set<VolumeId> volumes) {
        Await.until("deleted bytes reported by heartbeats", Duration.ofSeconds(20), () -> {
            Map<Integer, List<Double>> ratios = new HashMap<>();
            collectGarbageRatios(TestHttp.json(TestHttp.get(cluster.masterUrl(), "/vol/status")), ratios);
            return volumes.stream().allMatch(v -> ratios.getOrDefault(v.value(), List.of()).size() == 2
                    && ratios.get(v.value()).stream().allMatch(r -> r >= 0.5));
        });
    }

    private static void collectGarbageRatios(JsonNode node, Map<Integer, List<Double>> out) {
        if (node.isObject() && node.has("DeletedByteCount") && node.has("Id") && node.has("Size")) {
            out.computeIfAbsent(node.get("Id").asInt(), k -> new ArrayList<>())
                    .add(node.get("DeletedByteCount").asDouble() / Math.max(1, node.get("Size").asLong()));
        }
        for (JsonNode child : node) {
            collectGarbageRatios(child, out);
        }
    }
}
