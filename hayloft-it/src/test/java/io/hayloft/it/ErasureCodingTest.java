package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure coding on a real cluster (one master, seven volume servers over four racks): {@code ec.encode}
 * turns a replicated volume into 14 shards spread so no server or rack holds more than 4, the replicas
 * go, and every needle reads back byte for byte through the public route of any shard holder; a delete
 * is journaled on every holder; servers holding 4 shards are stopped and every needle still reads back
 * (rebuilt from the others); {@code cluster.check} reports the loss and {@code ec.rebuild -apply} restores
 * all 14 shards; {@code ec.decode -apply} turns it back into a replicated volume of its live needles. With a short {@code -replicationGrace}, the leader rebuilds lost shards by itself.
 */
class ErasureCodingTest {
    private static final String[] RACKS = {"r1", "r1", "r2", "r2", "r3", "r3", "r4"};

    @TempDir
    Path root;

    @Test
    void encodedVolumeServesEveryNeedleSurvivesFourLostShardsAndIsRebuilt() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)))) {
            for (String rack : RACKS) {
                cluster.addVolumeServer(8, "dc1", rack);
            }
            String master = cluster.masterUrl();
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 80, new Random(13));
            VolumeId vid = blobs.keySet().stream().collect(Collectors.groupingBy(FileId::volumeId,
                    Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            Map<FileId, byte[]> coded = new LinkedHashMap<>();
            blobs.forEach((fid, data) -> {
                if (fid.volumeId().equals(vid)) {
                    coded.put(fid, data);
                }
            });
            List<String> replicas = cluster.locations(vid);
            assertThat(replicas).hasSize(2);
            String volume = Integer.toString(vid.value());

            ShellRun dry = ShellRun.run(master, "ec.encode", "-volumeId", volume);
            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("dry run").contains("any one rack can be lost");
            assertThat(cluster.locations(vid)).containsExactlyInAnyOrderElementsOf(replicas);
            assertThat(EcProbe.shardsHeld(cluster, vid)).isEmpty();

            ShellRun encoded = ShellRun.run(master, "ec.encode", "-volumeId", volume, "-apply");
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
            for (VolumeServer vs : cluster.volumeServers()) {
                assertThat(vs.store().find(vid)).as("replicated volume on " + vs.url()).isEmpty();
            }
            Map<String, Integer> perServer = EcProbe.shardsHeld(cluster, vid);
            assertThat(perServer.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
            assertThat(perServer.values()).allMatch(n -> n <= 4);
            Map<String, Integer> perRack = new HashMap<>();
            perServer.forEach((url, n) -> perRack.merge(rackOf(cluster, url), n, Integer::sum));
            assertThat(perRack.values()).allMatch(n -> n <= 4);
            assertThat(EcProbe.lookupShards(master, vid)).isEqualTo(14);

            // every needle, through the public route of every shard holder
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }

            // a delete is journaled on every holder: no holder serves the needle any more
            FileId gone = coded.keySet().iterator().next();
            VolumeServer anyHolder = EcProbe.holders(cluster, vid).getFirst();
            HttpResponse<byte[]> deleted = TestHttp.delete(anyHolder.url(), "/" + gone);
            assertThat(deleted.statusCode()).as(TestHttp.text(deleted)).isEqualTo(202);
            coded.remove(gone);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).as(vs.url()).isEqualTo(404);
            }

            // stop servers holding at most 4 shards in all: nothing is lost
            List<Integer> stopped = new ArrayList<>();
            int lost = 0;
            List<VolumeServer> byShards = new ArrayList<>(EcProbe.holders(cluster, vid));
            byShards.sort(Comparator.comparingInt(vs -> -perServer.get(vs.url())));
            for (VolumeServer vs : byShards) {
                int n = perServer.get(vs.url());
                if (lost + n <= 4) {
                    lost += n;
                    stopped.add(cluster.volumeServers().indexOf(vs));
                }
            }
            assertThat(lost).isEqualTo(4);
            stopped.forEach(cluster::stopVolumeServer);
            cluster.awaitNodes(RACKS.length - stopped.size());
            List<VolumeServer> alive = EcProbe.holders(cluster, vid);
            for (VolumeServer vs : alive) {
                Blobs.assertEveryBlobReads(vs, coded);
                assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).isEqualTo(404);
            }

            ShellRun check = ShellRun.run(master, "cluster.check");
            assertThat(check.exit()).as(check.out()).isEqualTo(1);
            assertThat(check.out()).contains("erasure-coded volume " + vid + " lost shards");

            ShellRun rebuilt = ShellRun.run(master, "ec.rebuild", "-apply");
            assertThat(rebuilt.exit()).as(rebuilt.out() + rebuilt.err()).isZero();
            assertThat(rebuilt.out()).contains("done");
            Await.until("all 14 shards registered again", Duration.ofSeconds(20),
                    () -> EcProbe.lookupShards(master, vid) == 14);
            assertThat(EcProbe.shardsHeld(cluster, vid).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
            assertThat(EcProbe.shardsHeld(cluster, vid).values()).allMatch(n -> n <= 4);
            ShellRun healthy = ShellRun.run(master, "ec.rebuild");
            assertThat(healthy.out()).as(healthy.out()).contains("1 erasure-coded volume(s), 1 whole");
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }

            // and back to a replicated volume: live needles only, the shards gone
            ShellRun decoded = ShellRun.run(master, "ec.decode", "-volumeId", volume, "-apply");
            assertThat(decoded.exit()).as(decoded.out() + decoded.err()).isZero();
            assertThat(EcProbe.holders(cluster, vid)).isEmpty();
            assertThat(EcProbe.lookupShards(master, vid)).isZero();
            List<String> back = cluster.locations(vid);
            assertThat(back).isNotEmpty();
            VolumeServer holder = cluster.volumeServers().stream().filter(vs -> vs.url().equals(back.getFirst()))
                    .findFirst().orElseThrow();
            assertThat(holder.store().volume(vid).stats().fileCount()).isEqualTo(coded.size());
            Blobs.assertEveryBlobReads(holder, coded);
            assertThat(TestHttp.get(holder.url(), "/" + gone).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void lostShardsAreRebuiltWithNoCommandAfterTheGrace() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofSeconds(2)))) {
            for (String rack : List.of("r0", "r0", "r1", "r2", "r3")) { // 001 needs two servers in a rack
                cluster.addVolumeServer(8, "dc1", rack);
            }
            String master = cluster.masterUrl();
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 20, new Random(29));
            FileId first = blobs.keySet().iterator().next();
            VolumeId vid = first.volumeId();
            Map<FileId, byte[]> coded = new LinkedHashMap<>();
            blobs.forEach((fid, data) -> {
                if (fid.volumeId().equals(vid)) {
                    coded.put(fid, data);
                }
            });
            ShellRun encoded = ShellRun.run(master, "ec.encode", "-volumeId", Integer.toString(vid.value()), "-apply");
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
            Map<String, Integer> perServer = EcProbe.shardsHeld(cluster, vid);
            assertThat(perServer).hasSize(5);

            VolumeServer victim = EcProbe.holders(cluster, vid).getFirst();
            int lost = perServer.get(victim.url());
            cluster.stopVolumeServer(cluster.volumeServers().indexOf(victim));
            cluster.awaitNodes(4);
            assertThat(lost).isPositive();
            Await.until("the leader rebuilds the " + lost + " lost shards by itself", Duration.ofSeconds(60),
                    () -> EcProbe.lookupShards(master, vid) == 14);
            assertThat(EcProbe.shardsHeld(cluster, vid).values()).allMatch(n -> n <= 4);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }
        }
    }

    private static String rackOf(LocalCluster cluster, String url) {
        Function<VolumeServer, String> rack = vs -> RACKS[cluster.volumeServers().indexOf(vs)];
        return cluster.volumeServers().stream().filter(vs -> vs.url().equals(url)).map(rack).findFirst().orElseThrow();
    }
}
