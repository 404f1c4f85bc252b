package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication 001 on two volume servers: a replica appends the primary's needle record as it is (the
 * internal record route), so both replicas of a needle are the same bytes, append time included, and so
 * are their tombstones: the two {@code .dat} files of each volume end up identical.
 */
class ExactReplicaRecordsTest {
    @TempDir
    java.nio.file.Path root;

    @Test
    void bothReplicasOfEveryNeedleAndTombstoneAreTheSameBytes() throws IOException {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(4, "dc1", "r1");
            VolumeServer b = cluster.addVolumeServer(4, "dc1", "r1");
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 12, new Random(14));
            List<FileId> fids = List.copyOf(blobs.keySet());
            // deletes through either server, and through the server that is not the one uploaded to
            for (int i = 0; i < 4; i++) {
                VolumeServer via = i % 2 == 0 ? a : b;
                HttpResponse<byte[]> del = TestHttp.delete(via.url(), "/" + fids.get(i));
                assertThat(del.statusCode()).as(TestHttp.text(del)).isEqualTo(202);
            }

            for (FileId fid : fids.subList(4, fids.size())) {
                String needle = "/admin/volume/needle?volume=" + fid.volumeId() + "&key="
                        + Long.toHexString(fid.key());
                HttpResponse<byte[]> onA = TestHttp.get(a.url(), needle);
                HttpResponse<byte[]> onB = TestHttp.get(b.url(), needle);
                assertThat(onA.statusCode()).as(TestHttp.text(onA)).isEqualTo(200);
                assertSameBytes(onA.body(), onB.body(), "the record of " + fid);
            }
            Set<VolumeId> volumes = new HashSet<>();
            fids.forEach(f -> volumes.add(f.volumeId()));
            for (VolumeId v : volumes) {
                assertSameBytes(Files.readAllBytes(a.store().volume(v).datPath()),
                        Files.readAllBytes(b.store().volume(v).datPath()), "volume " + v + "'s .dat");
            }
        }
    }

    @Test
    void anUploadIdenticalToANeedleOnlyThePrimaryHoldsGivesTheReplicaThePrimarysRecord() throws IOException {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(4, "dc1", "r1");
            VolumeServer b = cluster.addVolumeServer(4, "dc1", "r1");
            Blobs.upload(cluster, 2, new Random(3)); // both servers hold the volumes
            JsonNode assigned = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign?replication=001"));
            FileId fid = FileId.parse(assigned.get("fid").asString());
            String primary = assigned.get("url").asString();
            byte[] data = "the same upload, twice".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // a copy only the primary stores (a SeaweedFS peer's replicate request), then the same upload
            HttpResponse<byte[]> alone = TestHttp.postFile(primary, "/" + fid + "?type=replicate", "x.txt", data);
            assertThat(alone.statusCode()).as(TestHttp.text(alone)).isEqualTo(201);
            HttpResponse<byte[]> again = TestHttp.postFile(primary, "/" + fid, "x.txt", data);
            assertThat(again.statusCode()).as(TestHttp.text(again)).isEqualTo(201);

            String needle = "/admin/volume/needle?volume=" + fid.volumeId() + "&key=" + Long.toHexString(fid.key());
            HttpResponse<byte[]> onA = TestHttp.get(a.url(), needle);
            HttpResponse<byte[]> onB = TestHttp.get(b.url(), needle);
            assertThat(onB.statusCode()).as(TestHttp.text(onB)).isEqualTo(200);
            assertSameBytes(onA.body(), onB.body(), "the record of " + fid);
            assertSameBytes(Files.readAllBytes(a.store().volume(fid.volumeId()).datPath()),
                    Files.readAllBytes(b.store().volume(fid.volumeId()).datPath()), "volume " + fid.volumeId() + "'s .dat");
        }
    }

    @Test
    void aDeleteThatReachesAReplicaByRepairGivesItThePrimarysTombstone() throws IOException {
        // the master keeps the stopped server listed, so the delete goes to it and its repair is pending
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withDeadAfterPulses(200))) {
            VolumeServer a = cluster.addVolumeServer(4, "dc1", "r1");
            cluster.addVolumeServer(4, "dc1", "r1");
            FileId fid = Blobs.upload(cluster, 1, new Random(5)).keySet().iterator().next();
            cluster.stopVolumeServer(1);
            HttpResponse<byte[]> del = TestHttp.delete(a.url(), "/" + fid);
            assertThat(del.statusCode()).as(TestHttp.text(del)).isEqualTo(500);  // deleted here, pending there
            assertThat(TestHttp.get(a.url(), "/" + fid).statusCode()).isEqualTo(404);

            VolumeServer b = cluster.restartVolumeServer(1);
            Await.until("the repair deleted " + fid + " on the restarted replica", Duration.ofSeconds(20),
                    () -> TestHttp.get(b.url(), "/" + fid).statusCode() == 404);
            assertSameBytes(Files.readAllBytes(a.store().volume(fid.volumeId()).datPath()),
                    Files.readAllBytes(b.store().volume(fid.volumeId()).datPath()), "volume " + fid.volumeId() + "'s .dat");
        }
    }

    @Test
    void aDeleteThatReachesAReplicaBySyncGivesItTheSameTombstoneEitherWay() throws IOException {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(4, "dc1", "r1");
            VolumeServer b = cluster.addVolumeServer(4, "dc1", "r1");
            List<FileId> fids = List.copyOf(Blobs.upload(cluster, 6, new Random(9)).keySet());
            FileId first = fids.get(0);
            FileId second = fids.stream().filter(f -> f.volumeId().equals(first.volumeId()) && !f.equals(first))
                    .findFirst().orElse(null);
            // each delete lands on one replica only (straight into its volume, as a replica that missed a delete)
            a.store().volume(first.volumeId()).delete(first.key(), first.cookie());
            String sync = "/admin/volume/sync?volume=" + first.volumeId() + "&apply=true";
            HttpResponse<byte[]> pushed = TestHttp.postRaw(a.url(), sync, "application/octet-stream", new byte[0]);  // a holds the delete: DELETE_ON_PEER
            assertThat(pushed.statusCode()).as(TestHttp.text(pushed)).isEqualTo(200);
            assertThat(TestHttp.get(b.url(), "/" + first).statusCode()).isEqualTo(404);
            if (second != null) {
                b.store().volume(second.volumeId()).delete(second.key(), second.cookie());
                HttpResponse<byte[]> pulled = TestHttp.postRaw(a.url(), sync, "application/octet-stream", new byte[0]); // b holds it: DELETE_HERE on a
                assertThat(pulled.statusCode()).as(TestHttp.text(pulled)).isEqualTo(200);
                assertThat(TestHttp.get(a.url(), "/" + second).statusCode()).isEqualTo(404);
            }
            assertSameBytes(Files.readAllBytes(a.store().volume(first.volumeId()).datPath()),
                    Files.readAllBytes(b.store().volume(first.volumeId()).datPath()),
                    "volume " + first.volumeId() + "'s .dat");
        }
    }

    /** Fails naming the first byte where the two replicas differ (not the whole arrays). */
    private static void assertSameBytes(byte[] onA, byte[] onB, String what) {
        int at = Arrays.mismatch(onA, onB);
        assertThat(at).as("%s differs between the replicas at byte %d (lengths %d and %d)", what, at, onA.length,
                onB.length).isEqualTo(-1);
    }
}
