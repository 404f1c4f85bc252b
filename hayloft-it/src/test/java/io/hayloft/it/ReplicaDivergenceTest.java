package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.sync.SyncConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's replica check, done by the servers themselves: two replicas of placement 001 that
 * each missed writes and deletes the other saw (made behind the replication path, as a lost
 * journal or a crash between the local append and the journal would) converge through the
 * background replica sync, with no command.
 */
class ReplicaDivergenceTest {
    private static final SyncConfig FAST_SYNC = new SyncConfig(Duration.ofMillis(300), Duration.ofMillis(200));

    @TempDir
    Path root;

    @Test
    void replicasThatMissedWritesAndDeletesConvergeWithoutAnyCommand() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(8)).withLocation("dc1", "r1")
                    .withSync(FAST_SYNC));
            cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(8)).withLocation("dc1", "r1").withSync(FAST_SYNC));
            Map<FileId, byte[]> live = new LinkedHashMap<>(Blobs.upload(cluster, 40, new Random(5)));
            List<FileId> fids = new ArrayList<>(live.keySet());
            Set<VolumeId> volumes = new TreeSet<>();
            fids.forEach(f -> volumes.add(f.volumeId()));

            cluster.stopVolumeServer(1);
            // Behind the replication path on a: deletes b never hears of and writes b never gets.
            Map<FileId, byte[]> deleted = new HashMap<>();
            for (FileId f : fids.subList(0, 8)) {
                a.store().volume(f.volumeId()).delete(f.key(), f.cookie());
                deleted.put(f, live.remove(f));
            }
            Random random = new Random(6);
            for (int i = 0; i < 5; i++) {
                FileId base = fids.get(20 + i);
                FileId fresh = new FileId(base.volumeId(), 1_000_000L + i, 0x1234_5678);
                byte[] data = new byte[100 + random.nextInt(5000)];
                random.nextBytes(data);
                a.store().volume(fresh.volumeId()).write(Needle.of(fresh.key(), fresh.cookie(), data).withName("a" + i));
                live.put(fresh, data);
            }
            // And on b's files while it is down: the reverse, so both directions must be repaired.
            Path bDir = root.resolve("volume1");
            for (FileId f : fids.subList(8, 12)) {
                try (Volume v = Volume.open(bDir, "", f.volumeId(), VolumeOptions.defaults())) {
                    v.delete(f.key(), f.cookie());
                }
                deleted.put(f, live.remove(f));
            }
            for (int i = 0; i < 3; i++) {
                FileId base = fids.get(30 + i);
                FileId fresh = new FileId(base.volumeId(), 2_000_000L + i, 0x0bad_cafe);
                byte[] data = new byte[100 + random.nextInt(5000)];
                random.nextBytes(data);
                try (Volume v = Volume.open(bDir, "", fresh.volumeId(), VolumeOptions.defaults())) {
                    v.write(Needle.of(fresh.key(), fresh.cookie(), data));
                }
                live.put(fresh, data);
            }

            VolumeServer b = cluster.restartVolumeServer(1);
            Await.until("every volume's replicas have equal digests", Duration.ofSeconds(60),
                    () -> volumes.stream().allMatch(v -> digest(a, v).equals(digest(b, v))));

            Blobs.assertEveryBlobReads(a, live);
            Blobs.assertEveryBlobReads(b, live);
            for (FileId f : deleted.keySet()) {
                assertThat(TestHttp.get(a.url(), "/" + f).statusCode()).as("%s on a", f).isEqualTo(404);
                assertThat(TestHttp.get(b.url(), "/" + f).statusCode()).as("%s on b", f).isEqualTo(404);
            }
            assertThat(TestHttp.metric(a.url(), "hayloft_volume_sync_repairs_total") + TestHttp.metric(b.url(), "hayloft_volume_sync_repairs_total"))
                    .as("repairs counted").isGreaterThanOrEqualTo(deleted.size() + 8);
        }
    }

    private static String digest(VolumeServer vs, VolumeId v) {
        HttpResponse<byte[]> r = TestHttp.get(vs.url(), "/admin/volume/sync/digest?volume=" + v + "&buckets=false");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
        return TestHttp.json(r).get("digest").asString();
    }
}
