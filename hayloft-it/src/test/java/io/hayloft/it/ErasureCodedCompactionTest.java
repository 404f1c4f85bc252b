package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.FaultPoints;
import io.hayloft.testkit.Await;
import io.hayloft.storage.ec.EcCompactor;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.ec.EcFaultPoints;
import io.hayloft.volume.ec.EcMount;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Compaction of an erasure-coded volume on five in-process volume servers (four racks): {@code ec.compact}
 * writes a new generation of the shards without the deleted needles, while reads run against every holder
 * (none fails) and deletes arrive at each step (none is lost); afterwards every holder serves the new, smaller
 * generation and the old one is gone. And a crash at each step (the step fails as a crash would, then every
 * holder is stopped and started again on its disk) leaves every needle readable from every holder, and the
 * next {@code ec.compact} finishes the job.
 */
class ErasureCodedCompactionTest {
    @TempDir
    Path root;

    @AfterEach
    void disarm() {
        FaultPoints.disarmAll();
    }

    private LocalCluster start() {
        LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)));
        for (String rack : List.of("r0", "r0", "r1", "r2", "r3")) {
            cluster.addVolumeServer(8, "dc1", rack);
        }
        return cluster;
    }

    private static VolumeId encodeFullest(LocalCluster cluster, Map<FileId, byte[]> blobs) {
        VolumeId vid = EcProbe.fullest(blobs);
        ShellRun encoded = ShellRun.run(cluster.masterUrl(), "ec.encode", "-volumeId", Integer.toString(vid.value()),
                "-apply");
        assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
        return vid;
    }

    /** Deletes {@code fid} through {@code via}: 202, or 404 when a retry finds it gone already. */
    private static void delete(String via, FileId fid) {
        HttpResponse<byte[]> r = TestHttp.delete(via, "/" + fid);
        assertThat(r.statusCode()).as("DELETE %s via %s: %s", fid, via, TestHttp.text(r)).isEqualTo(202);
    }

    private static void assertServedEverywhere(LocalCluster cluster, VolumeId vid, Map<FileId, byte[]> live,
                                               List<FileId> deleted) {
        for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
            Blobs.assertEveryBlobReads(vs, live);
            for (FileId gone : deleted) {
                assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).as("deleted %s via %s", gone, vs.url())
                        .isEqualTo(404);
            }
        }
    }

    @Test
    void compactionUnderReadsReclaimsSpaceAndHonoursEveryDeleteMadeDuringIt() throws Exception {
        try (LocalCluster cluster = start()) {
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 60, new Random(71));
            VolumeId vid = encodeFullest(cluster, blobs);
            Map<FileId, byte[]> live = new ConcurrentHashMap<>(EcProbe.ofVolume(blobs, vid));
            assertThat(live.size()).isGreaterThanOrEqualTo(8);
            List<VolumeServer> holders = EcProbe.holders(cluster, vid);
            long shardSizeBefore = holders.getFirst().ecVolumes().mount(vid).metadata().layout().shardSize();
            long codedBefore = holders.getFirst().ecVolumes().mount(vid).metadata().layout().datSize();
            List<FileId> deleted = new CopyOnWriteArrayList<>();
            Iterator<FileId> victims = new ArrayList<>(live.keySet()).iterator();
            for (int i = 0; i < live.size() / 2 - 3; i++) { // about half deleted before
                FileId fid = victims.next();
                delete(holders.getFirst().url(), fid);
                deleted.add(fid);
            }
            long deletedBytes = deleted.stream().mapToLong(f -> live.get(f).length).sum();
            deleted.forEach(live::remove);
            // three more, one at each step of the compaction, each through another holder
            Map<String, FileId> during = new LinkedHashMap<>();
            during.put(EcCompactor.SCRATCH_WRITTEN, victims.next());
            during.put(EcFaultPoints.COPY_VERIFIED, victims.next());
            during.put(EcFaultPoints.BEFORE_COMMIT, victims.next());
            during.values().forEach(live::remove);
            AtomicInteger step = new AtomicInteger();
            for (Map.Entry<String, FileId> d : during.entrySet()) {
                AtomicBoolean once = new AtomicBoolean();
                FaultPoints.arm(d.getKey(), point -> {
                    if (once.compareAndSet(false, true)) {
                        String via = holders.get(step.incrementAndGet() % holders.size()).url();
                        // the commit holds the volume's lock: that delete must wait for it, so it is not awaited here
                        Thread t = Thread.ofVirtual().start(() -> {
                            delete(via, d.getValue());
                            deleted.add(d.getValue());
                        });
                        if (!point.equals(EcFaultPoints.BEFORE_COMMIT)) {
                            try {
                                t.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
            }

            ShellRun dry = ShellRun.run(cluster.masterUrl(), "ec.compact", "-volumeId", Integer.toString(vid.value()));
            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("dry run").contains("generation 0 -> 1").contains("garbage ratio");
            assertThat(holders.getFirst().ecVolumes().mount(vid).generation()).isZero();

            AtomicBoolean reading = new AtomicBoolean(true);
            List<String> failedReads = new CopyOnWriteArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            Thread reader = Thread.ofVirtual().start(() -> {
                Random r = new Random(5);
                List<FileId> keys = new ArrayList<>(live.keySet());
                while (reading.get()) {
                    FileId fid = keys.get(r.nextInt(keys.size()));
                    VolumeServer vs = holders.get(r.nextInt(holders.size()));
                    HttpResponse<byte[]> got = TestHttp.get(vs.url(), "/" + fid);
                    reads.incrementAndGet();
                    if (got.statusCode() != 200 || !java.util.Arrays.equals(got.body(), live.get(fid))) {
                        failedReads.add(fid + " via " + vs.url() + ": " + got.statusCode());
                    }
                }
            });
            ShellRun compacted = ShellRun.run(cluster.masterUrl(), "ec.compact", "-volumeId",
                    Integer.toString(vid.value()), "-apply");
            reading.set(false);
            reader.join();
            assertThat(compacted.exit()).as(compacted.out() + compacted.err()).isZero();
            assertThat(compacted.out()).contains("compacted: generation 1 served");
            Await.until("the deletes made during the compaction answered", Duration.ofSeconds(20),
                    () -> deleted.containsAll(during.values()));
            assertThat(reads.get()).as("reads made during the compaction").isPositive();
            assertThat(failedReads).as("reads that failed during the compaction").isEmpty();

            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                EcMount m = vs.ecVolumes().mount(vid);
                assertThat(m.generation()).as(vs.url()).isEqualTo(1);
                assertThat(vs.ecVolumes().generations(vid)).as("old generation dropped on %s", vs.url())
                        .containsExactly(1);
                // the bytes coded shrink by the needles deleted before (at least their data); a shard is at least
                // 64 KiB, so this small volume's shards keep their size
                assertThat(m.metadata().layout().datSize()).isLessThanOrEqualTo(codedBefore - deletedBytes);
                assertThat(m.metadata().layout().shardSize()).isLessThanOrEqualTo(shardSizeBefore);
                EcFiles old = m.files().withGeneration(0);
                assertThat(old.metadata()).doesNotExist();
                assertThat(old.index()).doesNotExist();
                for (int s = 0; s < 14; s++) {
                    assertThat(old.shard(s)).doesNotExist();
                }
                assertThat(Files.exists(m.files().pointer())).isTrue();
            }
            assertThat(EcProbe.lookupShards(cluster.masterUrl(), vid)).isEqualTo(14);
            assertServedEverywhere(cluster, vid, live, deleted);

            // and the servers come back on the new generation
            for (int i = 0; i < cluster.volumeServers().size(); i++) {
                cluster.stopVolumeServer(i);
                cluster.restartVolumeServer(i);
            }
            cluster.awaitNodes(5);
            assertServedEverywhere(cluster, vid, live, deleted);
        }
    }

    @ParameterizedTest(name = "crash at {0}")
    @ValueSource(strings = {EcCompactor.SCRATCH_WRITTEN, EcFaultPoints.COPY_VERIFIED, EcFaultPoints.BEFORE_COMMIT})
    void aCrashAtAnyStepLeavesEveryNeedleReadableAndTheNextRunFinishes(String point) throws Exception {
        try (LocalCluster cluster = start()) {
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 40, new Random(29));
            VolumeId vid = encodeFullest(cluster, blobs);
            Map<FileId, byte[]> live = new LinkedHashMap<>(EcProbe.ofVolume(blobs, vid));
            List<VolumeServer> holders = EcProbe.holders(cluster, vid);
            List<FileId> deleted = new ArrayList<>();
            for (FileId fid : new ArrayList<>(live.keySet()).subList(0, live.size() / 2)) {
                delete(holders.getFirst().url(), fid);
                deleted.add(fid);
                live.remove(fid);
            }
            AtomicBoolean once = new AtomicBoolean();
            FaultPoints.arm(point, p -> {
                if (once.compareAndSet(false, true)) {
                    throw new AssertionError("crash at " + p); // an Error: the step's clean-up is skipped
                }
            });
            // one call, not the shell: the shell would retry the 503 at once
            HttpResponse<byte[]> failed = TestHttp.postRaw(cluster.masterUrl(), "/vol/ec/compact?volume=" + vid
                    + "&apply=true", "application/octet-stream", new byte[0]);
            assertThat(failed.statusCode()).as(TestHttp.text(failed)).isEqualTo(503);
            assertThat(once.get()).isTrue();
            for (int i = 0; i < cluster.volumeServers().size(); i++) { // every holder goes down and comes back
                cluster.stopVolumeServer(i);
                cluster.restartVolumeServer(i);
            }
            cluster.awaitNodes(5);
            Await.until("all 14 shards registered again", Duration.ofSeconds(30),
                    () -> EcProbe.lookupShards(cluster.masterUrl(), vid) == 14);
            assertServedEverywhere(cluster, vid, live, deleted);

            FileId after = live.keySet().iterator().next();
            delete(EcProbe.holders(cluster, vid).getLast().url(), after);
            live.remove(after);
            deleted.add(after);
            ShellRun finished = ShellRun.run(cluster.masterUrl(), "ec.compact", "-volumeId",
                    Integer.toString(vid.value()), "-apply");
            assertThat(finished.exit()).as(finished.out() + finished.err()).isZero();
            int generation = -1;
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                List<Integer> kept = vs.ecVolumes().generations(vid);
                assertThat(kept).as("one generation left on %s", vs.url()).hasSize(1);
                generation = generation < 0 ? kept.getFirst() : generation;
                assertThat(kept.getFirst()).as("the same generation everywhere").isEqualTo(generation);
            }
            assertThat(generation).isPositive();
            JsonNode lookup = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/lookup?volumeId=" + vid));
            assertThat(lookup.toString()).contains("ecShards");
            assertServedEverywhere(cluster, vid, live, deleted);
        }
    }
}
