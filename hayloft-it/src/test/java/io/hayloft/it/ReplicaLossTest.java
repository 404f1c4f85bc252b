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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server lost for good: with placement 001 on four servers, every volume that had a replica on
 * it has two replicas again within the grace period plus the copy time, with no command, and every
 * file reads back from every replica.
 */
class ReplicaLossTest {
    private static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    Path root;

    @Test
    void volumesThatLostAReplicaAreCopiedElsewhereAfterTheGracePeriod() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(GRACE))) {
            for (int i = 0; i < 4; i++) {
                cluster.addVolumeServer(6, "dc1", "r1");
            }
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 60, new Random(8));
            Set<VolumeId> volumes = new TreeSet<>();
            blobs.keySet().forEach(f -> volumes.add(f.volumeId()));
            VolumeServer victim = cluster.volumeServers().getFirst();
            String victimUrl = victim.url();
            Set<VolumeId> lost = new TreeSet<>(victim.store().volumes().stream().map(v -> v.id()).toList());
            assertThat(lost).as("the victim holds replicas").isNotEmpty();

            long start = System.nanoTime();
            cluster.stopVolumeServer(0);
            Await.until("every volume has two replicas again, none on the lost server", Duration.ofSeconds(60),
                    () -> volumes.stream().allMatch(v -> {
                        List<String> at = cluster.locations(v);
                        return at.size() == 2 && !at.contains(victimUrl);
                    }));
            Duration healed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(healed).as("healed after the grace period, not before").isGreaterThanOrEqualTo(GRACE);

            for (VolumeServer vs : cluster.volumeServers().subList(1, 4)) {
                Blobs.assertHeldBlobsRead(vs, blobs);
            }
            long replicas = cluster.volumeServers().subList(1, 4).stream()
                    .mapToLong(vs -> vs.store().volumes().stream().filter(v -> volumes.contains(v.id())).count()).sum();
            assertThat(replicas).as("two replicas of every volume on the survivors").isEqualTo(2L * volumes.size());
        }
    }
}
