package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin shell's repair commands against a real cluster: cluster.check, volume.fix.replication,
 * volume.check.disk, volume.mark, volume.move, volume.delete, collection.list and collection.delete.
 * Destructive commands are dry runs until {@code -apply}. The automatic re-replication is held off
 * (a one-hour grace) so the commands are what heals the cluster here.
 */
class ShellRepairCommandsTest {
    @TempDir
    Path root;

    @Test
    void repairCommandsFindAndFixWhatIsWrong() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)))) {
            for (int i = 0; i < 3; i++) {
                cluster.addVolumeServer(8, "dc1", "r1");
            }
            String master = cluster.masterUrl();
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 20, new Random(4));
            ShellRun healthy = ShellRun.run(master, "cluster.check");
            assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
            assertThat(healthy.out()).contains("OK");

            // One replica diverges behind the replication path: check.disk sees it, -apply repairs it.
            FileId victim = blobs.keySet().iterator().next();
            VolumeServer holder = cluster.volumeServers().stream()
                    .filter(vs -> vs.store().find(victim.volumeId()).isPresent()).findFirst().orElseThrow();
            holder.store().volume(victim.volumeId()).delete(victim.key(), victim.cookie());
            String volume = Integer.toString(victim.volumeId().value());
            ShellRun check = ShellRun.run(master, "volume.check.disk", "-volumeId", volume);
            assertThat(check.out()).as(check.out() + check.err()).contains("dry run").contains("1 with differences");
            ShellRun repaired = ShellRun.run(master, "volume.check.disk", "-volumeId", volume, "-apply");
            assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isZero();
            ShellRun again = ShellRun.run(master, "volume.check.disk", "-volumeId", volume);
            assertThat(again.out()).as(again.out()).contains("0 with differences");

            // Read-only and back.
            ShellRun ro = ShellRun.run(master, "volume.mark", "-volumeId", volume, "-readonly");
            assertThat(ro.exit()).as(ro.out() + ro.err()).isZero();
            assertThat(holder.store().volume(victim.volumeId()).isReadOnly()).isTrue();
            ShellRun rw = ShellRun.run(master, "volume.mark", "-volumeId", volume, "-writable");
            assertThat(rw.exit()).as(rw.out() + rw.err()).isZero();
            assertThat(holder.store().volume(victim.volumeId()).isReadOnly()).isFalse();

            // A server lost: cluster.check reports it, fix.replication -apply copies the lost replicas.
            cluster.addVolumeServer(8, "dc1", "r1"); // room for the copies
            String lostUrl = cluster.volumeServers().get(2).url();
            cluster.stopVolumeServer(2);
            Await.until("the master drops the lost server", Duration.ofSeconds(20), () -> cluster.countNodes() == 3);
            ShellRun problems = ShellRun.run(master, "cluster.check");
            assertThat(problems.exit()).as(problems.out()).isEqualTo(1);
            assertThat(problems.out()).contains("PROBLEM");
            ShellRun dry = ShellRun.run(master, "volume.fix.replication");
            assertThat(dry.out()).as(dry.out() + dry.err()).contains("dry run").contains("copy");
            ShellRun fix = ShellRun.run(master, "volume.fix.replication", "-apply");
            assertThat(fix.exit()).as(fix.out() + fix.err()).isZero();
            Await.until("every volume fully replicated", Duration.ofSeconds(30),
                    () -> ShellRun.run(master, "cluster.check").exit() == 0);
            for (VolumeServer vs : cluster.volumeServers()) {
                if (!vs.url().equals(lostUrl)) {
                    Blobs.assertHeldBlobsRead(vs, withoutVictim(blobs, victim));
                }
            }

            // Move one replica to the server that holds none of it.
            VolumeServer from = cluster.volumeServers().stream()
                    .filter(vs -> !vs.url().equals(lostUrl) && vs.store().find(victim.volumeId()).isPresent())
                    .findFirst().orElseThrow();
            VolumeServer to = cluster.volumeServers().stream()
                    .filter(vs -> !vs.url().equals(lostUrl) && vs.store().find(victim.volumeId()).isEmpty())
                    .findFirst().orElseThrow();
            ShellRun move = ShellRun.run(master, "volume.move", "-volumeId", volume, "-source", from.url(),
                    "-target", to.url());
            assertThat(move.exit()).as(move.out() + move.err()).isZero();
            assertThat(to.store().find(victim.volumeId())).isPresent();
            assertThat(from.store().find(victim.volumeId())).isEmpty();
            Blobs.assertHeldBlobsRead(to, withoutVictim(blobs, victim));

            // Collections: list, then delete (dry run first).
            String fid = TestHttp.json(TestHttp.get(master, "/dir/assign?collection=scratch")).get("fid").asString();
            VolumeId scratch = FileId.parse(fid).volumeId();
            ShellRun list = ShellRun.run(master, "collection.list");
            assertThat(list.out()).as(list.out() + list.err()).contains("scratch").contains("(default)");
            ShellRun dryDelete = ShellRun.run(master, "collection.delete", "-collection", "scratch");
            assertThat(dryDelete.exit()).as(dryDelete.out() + dryDelete.err()).isZero();
            assertThat(cluster.locations(scratch)).isNotEmpty();
            ShellRun delete = ShellRun.run(master, "collection.delete", "-collection", "scratch", "-apply");
            assertThat(delete.exit()).as(delete.out() + delete.err()).isZero();
            Await.until("the collection's volumes are gone", Duration.ofSeconds(10),
                    () -> cluster.locations(scratch).isEmpty());

            // volume.delete: a dry run names the replicas, -apply deletes them.
            ShellRun dryVolume = ShellRun.run(master, "volume.delete", "-volumeId", volume);
            assertThat(dryVolume.out()).as(dryVolume.out() + dryVolume.err()).contains("would delete");
            assertThat(to.store().find(victim.volumeId())).isPresent();
            ShellRun deleteVolume = ShellRun.run(master, "volume.delete", "-volumeId", volume, "-apply");
            assertThat(deleteVolume.exit()).as(deleteVolume.out() + deleteVolume.err()).isZero();
            assertThat(cluster.volumeServers().stream().filter(vs -> !vs.url().equals(lostUrl))
                    .noneMatch(vs -> vs.store().find(victim.volumeId()).isPresent())).isTrue();
        }
    }

    private static Map<FileId, byte[]> withoutVictim(Map<FileId, byte[]> blobs, FileId victim) {
        Map<FileId, byte[]> out = new java.util.LinkedHashMap<>(blobs);
        out.remove(victim);
        return out;
    }
}
