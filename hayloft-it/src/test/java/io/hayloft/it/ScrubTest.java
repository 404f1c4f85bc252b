package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.testkit.Await;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.scrub.ScrubReport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corruption on disk in one replica: reads stay correct, scrub finds the bad needle and rewrites it. */
class ScrubTest {
    @TempDir
    Path root;

    @Test
    void aFlippedByteInOneReplicaIsNeverServedAndScrubRepairsIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(2)).withLocation("dc1", "rack1")
                    .withScrub(new ScrubConfig(ScrubConfig.DEFAULT_BYTES_PER_SECOND, Duration.ofMillis(700))));
            VolumeServer b = cluster.addVolumeServer(2, "dc1", "rack1");
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 10, new Random(11));
            FileId victim = blobs.keySet().iterator().next();
            byte[] good = blobs.get(victim);
            Volume local = a.store().volume(victim.volumeId());
            flipByteInsideData(local.datPath(), good);

            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = TestHttp.get(a.url(), "/" + victim);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).as("read %d, headers %s", i, r.headers().map()).isEqualTo(good);
            }
            Await.until("scrub repaired the needle", Duration.ofSeconds(30),
                    () -> TestHttp.metric(a.url(), "hayloft_volume_scrub_repaired_total") >= 1);
            assertThat(TestHttp.metric(a.url(), "hayloft_volume_scrub_corrupt_total")).isEqualTo(1);
            assertThat(TestHttp.metric(a.url(), "hayloft_volume_scrub_unrepaired_total")).isZero();
            Needle repaired = local.read(victim.key(), victim.cookie());
            assertThat(repaired.data()).isEqualTo(good);
            assertThat(repaired.name()).isEqualTo(b.store().volume(victim.volumeId())
                    .read(victim.key(), victim.cookie()).name());

            ScrubReport again = a.scrubber().scrubAll();
            assertThat(again.corrupt()).isZero();
            assertThat(again.needles()).isGreaterThanOrEqualTo(blobs.size());
            Blobs.assertEveryBlobReads(a, blobs);
            Blobs.assertEveryBlobReads(b, blobs);
        }
    }

    @Test
    void aCorruptNeedleWithoutAGoodReplicaIsCountedAndLeftAsFound() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer a = cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(2)).withScrub(ScrubConfig.DISABLED));
            JsonBlob blob = uploadSingleCopy(cluster);
            flipByteInsideData(a.store().volume(blob.fid().volumeId()).datPath(), blob.data());

            ScrubReport report = a.scrubber().scrubAll();
            assertThat(report.corrupt()).isEqualTo(1);
            assertThat(report.unrepaired()).isEqualTo(1);
            HttpResponse<byte[]> r = TestHttp.get(a.url(), "/" + blob.fid());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(TestHttp.text(r)).contains("error");
            assertThat(TestHttp.metric(a.url(), "hayloft_volume_scrub_unrepaired_total")).isEqualTo(1);
        }
    }

    private record JsonBlob(FileId fid, byte[] data) {
    }

    private static JsonBlob uploadSingleCopy(LocalCluster cluster) {
        var a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign"));
        byte[] data = new byte[5000];
        new Random(12).nextBytes(data);
        String fid = a.get("fid").asString();
        assertThat(TestHttp.postFile(a.get("url").asString(), "/" + fid, "solo.bin", data).statusCode()).isEqualTo(201);
        return new JsonBlob(FileId.parse(fid), data);
    }

    /** Finds {@code data} in the {@code .dat} file and flips one byte in its middle, behind the server's back. */
    static void flipByteInsideData(Path dat, byte[] data) throws IOException {
        byte[] file = Files.readAllBytes(dat);
        int at = indexOf(file, data);
        assertThat(at).as("needle data found in " + dat).isGreaterThanOrEqualTo(0);
        int pos = at + data.length / 2;
        try (FileChannel ch = FileChannel.open(dat, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{(byte) ~file[pos]}), pos);
            ch.force(true);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (haystack[i] != needle[0]) {
                continue;
            }
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
            continue outer;
        }
        return -1;
    }
}
