package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.scrub.ScrubReport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13's cluster test: fourteen volume servers in seven racks. A volume is erasure-coded while
 * readers keep reading its needles (a lookup, then a read from a server it names) and not one read
 * fails; the 14 shards end one per server; a byte flipped in the shard holding a needle is never served and
 * the holder's scrub rewrites the block from the other holders' shards; any four shard holders (drawn at random, seed printed) are
 * stopped and every needle still reads back byte for byte from each survivor; after
 * {@code -replicationGrace} the leader rebuilds the four lost shards with no command, at most 4 per
 * server and rack, and every needle reads back again.
 */
class FourteenServerErasureCodingTest {
    private static final int SERVERS = 14;
    private static final int READERS = 4;

    @TempDir
    Path root;

    @Test
    void encodeUnderReadLoadSurviveAnyFourLostHoldersAndRebuildWithNoCommand() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofSeconds(3)))) {
            for (int i = 0; i < SERVERS; i++) {
                cluster.addVolumeServer(4, "dc1", "r" + (i / 2));
            }
            String master = cluster.masterUrl();
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 60, new Random(59));
            VolumeId vid = EcProbe.fullest(blobs);
            Map<FileId, byte[]> coded = EcProbe.ofVolume(blobs, vid);
            List<FileId> fids = new ArrayList<>(coded.keySet());

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ShellRun encoded;
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int r = 0; r < READERS; r++) {
                    long readerSeed = random.nextLong();
                    readers.execute(() -> readLoop(master, coded, fids, new Random(readerSeed), stop, reads, failures));
                }
                Await.until("readers under way", Duration.ofSeconds(30), () -> reads.get() >= 50);
                encoded = ShellRun.run(master, "ec.encode", "-volumeId", Integer.toString(vid.value()), "-apply");
                long after = reads.get();
                Await.until("reads after the encoding", Duration.ofSeconds(30), () -> reads.get() >= after + 50);
                stop.set(true);
            }
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
            assertThat(failures).as("failed reads of %d (seed %d)", reads.get(), seed).isEmpty();
            Map<String, Integer> perServer = EcProbe.shardsHeld(cluster, vid);
            assertThat(perServer).as("one shard per server").hasSize(SERVERS);
            for (VolumeServer vs : cluster.volumeServers()) {
                assertThat(vs.store().find(vid)).as("replica on " + vs.url()).isEmpty();
            }

            corruptAShardBlockThenSeeItServedRightAndRepaired(cluster, vid, coded);

            List<VolumeServer> holders = new ArrayList<>(EcProbe.holders(cluster, vid));
            Collections.shuffle(holders, random);
            List<VolumeServer> stopped = holders.subList(0, 4);
            List<String> stoppedUrls = stopped.stream().map(VolumeServer::url).toList();
            for (VolumeServer vs : stopped) {
                cluster.stopVolumeServer(cluster.volumeServers().indexOf(vs));
            }
            cluster.awaitNodes(SERVERS - 4);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                assertThat(stoppedUrls).doesNotContain(vs.url());
                Blobs.assertEveryBlobReads(vs, coded);
            }

            Await.until("the leader rebuilds the 4 lost shards by itself (seed " + seed + ", stopped " + stoppedUrls
                    + ")", Duration.ofSeconds(120), () -> EcProbe.lookupShards(master, vid) == 14);
            Map<String, Integer> rebuilt = EcProbe.shardsHeld(cluster, vid);
            assertThat(rebuilt.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
            assertThat(rebuilt.values()).allMatch(n -> n <= 4);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }
        }
    }

    /**
     * Flips a byte inside a needle's data in the shard file holding it: every holder still serves every needle
     * byte for byte (the damaged one rebuilt from other shards), and the holder's scrub finds the block by its
     * checksum and rewrites it from the other holders' shards, as encoded.
     */
    private static void corruptAShardBlockThenSeeItServedRightAndRepaired(LocalCluster cluster, VolumeId vid,
                                                                          Map<FileId, byte[]> coded) throws Exception {
        Map.Entry<FileId, byte[]> victim = null;
        VolumeServer holder = null;
        Path shardFile = null;
        for (Map.Entry<FileId, byte[]> candidate : coded.entrySet()) { // the first needle wholly in one shard
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                EcMount m = vs.ecVolumes().mount(vid);
                for (int s : EcProbe.bits(m.shardBits())) {
                    if (shardFile == null && EcProbe.contains(m.files().shard(s), candidate.getValue())) {
                        victim = candidate;
                        holder = vs;
                        shardFile = m.files().shard(s);
                    }
                }
            }
        }
        assertThat(shardFile).as("a shard holding a whole needle").isNotNull();
        byte[] asEncoded = Files.readAllBytes(shardFile);
        ScrubTest.flipByteInsideData(shardFile, victim.getValue());
        assertThat(Files.readAllBytes(shardFile)).isNotEqualTo(asEncoded);

        HttpResponse<byte[]> direct = TestHttp.get(holder.url(), "/" + victim.getKey());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).as("the damaged needle from the holder of its shard").isEqualTo(victim.getValue());
        for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
            Blobs.assertEveryBlobReads(vs, coded);
        }

        ScrubReport report = holder.scrubber().scrub(holder.ecVolumes().mount(vid));
        assertThat(report.corruptBlocks()).isEqualTo(1);
        assertThat(report.repairedBlocks()).isEqualTo(1);
        assertThat(Files.readAllBytes(shardFile)).as("the block rewritten as encoded").isEqualTo(asEncoded);
        assertThat(TestHttp.metric(holder.url(), "hayloft_volume_scrub_shard_repaired_total")).isEqualTo(1);
    }

    /** Reads random needles until stopped: a fresh lookup each time, then the read from a server it names. */
    private static void readLoop(String master, Map<FileId, byte[]> coded, List<FileId> fids, Random random,
                                 AtomicBoolean stop, AtomicLong reads, List<String> failures) {
        while (!stop.get()) {
            FileId fid = fids.get(random.nextInt(fids.size()));
            try {
                JsonNode lookup = TestHttp.json(TestHttp.get(master, "/dir/lookup?volumeId=" + fid.volumeId()));
                JsonNode locations = lookup.path("locations");
                String url = locations.get(random.nextInt(locations.size())).path("url").asString();
                HttpResponse<byte[]> r = TestHttp.get(url, "/" + fid);
                if (r.statusCode() != 200 || !Arrays.equals(r.body(), coded.get(fid))) {
                    failures.add(fid + " from " + url + ": " + r.statusCode() + " " + TestHttp.text(r));
                }
            } catch (RuntimeException e) {
                failures.add(fid + ": " + e);
            }
            reads.incrementAndGet();
        }
    }
}
