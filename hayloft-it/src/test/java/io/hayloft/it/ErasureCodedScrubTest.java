package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.scrub.ScrubConfig;
import io.hayloft.volume.scrub.ScrubReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrub covers erasure-coded shards: a byte flipped in a shard on disk is never served (reads rebuild the
 * needle from the other shards), and the holder's scrub finds the block by its checksum, rebuilds it from
 * the other shards (most fetched from the other holders) and rewrites it, byte for byte as encoded.
 */
class ErasureCodedScrubTest {
    @TempDir
    Path root;

    @Test
    void aFlippedByteInAShardIsNeverServedAndScrubRebuildsTheBlock() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)))) {
            for (String rack : List.of("r0", "r0", "r1", "r2", "r3")) {
                cluster.addVolumeServer(c -> c.withMaxVolumes(List.of(8)).withLocation("dc1", rack)
                        .withScrub(ScrubConfig.DISABLED));
            }
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 30, new Random(41));
            VolumeId vid = EcProbe.fullest(blobs);
            Map<FileId, byte[]> coded = EcProbe.ofVolume(blobs, vid);
            ShellRun encoded = ShellRun.run(cluster.masterUrl(), "ec.encode", "-volumeId",
                    Integer.toString(vid.value()), "-apply");
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();

            // small needles all lie in data shard 0's first block
            VolumeServer holder = EcProbe.holders(cluster, vid).stream()
                    .filter(vs -> (vs.ecVolumes().find(vid).orElseThrow().shardBits() & 1) != 0).findFirst()
                    .orElseThrow();
            EcMount mount = holder.ecVolumes().mount(vid);
            EcFiles files = mount.files();
            byte[] asEncoded = Files.readAllBytes(files.shard(0));
            Map.Entry<FileId, byte[]> victim = coded.entrySet().iterator().next();
            ScrubTest.flipByteInsideData(files.shard(0), victim.getValue());
            assertThat(Files.readAllBytes(files.shard(0))).isNotEqualTo(asEncoded);

            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }

            ScrubReport report = holder.scrubber().scrub(mount);
            assertThat(report.corruptBlocks()).isEqualTo(1);
            assertThat(report.repairedBlocks()).isEqualTo(1);
            assertThat(report.unrepairedBlocks()).isZero();
            assertThat(report.shardBlocks()).isEqualTo(Long.bitCount(mount.shardBits())
                    * (long) mount.metadata().blocksPerShard());
            assertThat(Files.readAllBytes(files.shard(0))).isEqualTo(asEncoded);
            assertThat(TestHttp.metric(holder.url(), "hayloft_volume_scrub_shard_corrupt_total")).isEqualTo(1);
            assertThat(TestHttp.metric(holder.url(), "hayloft_volume_scrub_shard_repaired_total")).isEqualTo(1);
            assertThat(TestHttp.metric(holder.url(), "hayloft_volume_scrub_shard_unrepaired_total")).isZero();

            ScrubReport again = holder.scrubber().scrubAll();
            assertThat(again.corruptBlocks()).isZero();
            assertThat(again.shardBlocks()).isEqualTo(report.shardBlocks());
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }
        }
    }
}
