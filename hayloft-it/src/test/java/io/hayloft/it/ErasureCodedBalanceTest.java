package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ec.balance}: servers in new racks join after a volume was erasure-coded; the dry run lists the
 * moves and changes nothing; {@code -apply} moves shards onto them (verified copy, registered, then
 * dropped at the source), keeping at most 4 per server and rack, every needle still reads back, and the
 * next dry run finds nothing to move.
 */
class ErasureCodedBalanceTest {
    @TempDir
    Path root;

    @Test
    void shardsSpreadOntoNewRacksAndEveryNeedleStillReads() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)))) {
            Map<String, String> rackOf = new HashMap<>();
            for (String rack : List.of("r1", "r1", "r2", "r3", "r4")) {
                rackOf.put(cluster.addVolumeServer(8, "dc1", rack).url(), rack);
            }
            String master = cluster.masterUrl();
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 30, new Random(43));
            VolumeId vid = EcProbe.fullest(blobs);
            Map<FileId, byte[]> coded = EcProbe.ofVolume(blobs, vid);
            ShellRun encoded = ShellRun.run(master, "ec.encode", "-volumeId", Integer.toString(vid.value()), "-apply");
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
            Map<String, Integer> before = EcProbe.shardsHeld(cluster, vid);

            for (String rack : List.of("r5", "r6")) {
                rackOf.put(cluster.addVolumeServer(8, "dc1", rack).url(), rack);
            }
            ShellRun dry = ShellRun.run(master, "ec.balance");
            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("dry run").contains("volume " + vid.value() + ": shards");
            assertThat(EcProbe.shardsHeld(cluster, vid)).isEqualTo(before);

            ShellRun applied = ShellRun.run(master, "ec.balance", "-apply");
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.out()).contains(": done").doesNotContain("FAILED");
            Map<String, Integer> after = EcProbe.shardsHeld(cluster, vid);
            assertThat(after.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
            assertThat(after.values()).allMatch(n -> n <= 4);
            Map<String, Integer> perRack = new HashMap<>();
            after.forEach((url, n) -> perRack.merge(rackOf.get(url), n, Integer::sum));
            assertThat(perRack).as("shards per rack").containsKeys("r5", "r6");
            assertThat(perRack.values()).allMatch(n -> n >= 2 && n <= 3);
            Await.until("lookup names all 14 shards", Duration.ofSeconds(20),
                    () -> EcProbe.lookupShards(master, vid) == 14);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }
            Await.until("the sources' heartbeats drop the moved shards", Duration.ofSeconds(20),
                    () -> ShellRun.run(master, "ec.balance").out().contains(": balanced"));
        }
    }
}
