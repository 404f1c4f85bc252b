package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code volume.balance}: an empty server joins a loaded cluster; the dry run changes nothing,
 * {@code -apply} moves volumes until every server holds its share, and reads running all along
 * (through the servers the files were first written to, as clients with cached lookups do) never fail.
 */
class VolumeBalanceTest {
    @TempDir
    Path root;

    @Test
    void balanceMovesVolumesToTheNewServerWithoutAFailedRead() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(10, "dc1", "r1");
            cluster.addVolumeServer(10, "dc1", "r1");
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 40, new Random(21));
            List<Map.Entry<FileId, String>> readFrom = new ArrayList<>();
            for (FileId fid : blobs.keySet()) {
                for (VolumeServer vs : cluster.volumeServers()) {
                    if (vs.store().find(fid.volumeId()).isPresent()) {
                        readFrom.add(Map.entry(fid, vs.url()));
                    }
                }
            }
            VolumeServer fresh = cluster.addVolumeServer(10, "dc1", "r1");
            assertThat(fresh.store().volumes()).isEmpty();

            ShellRun dry = ShellRun.run(cluster.masterUrl(), "volume.balance");
            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(fresh.store().volumes()).as("a dry run moves nothing").isEmpty();

            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                Random random = new Random(3);
                while (reading.get()) {
                    Map.Entry<FileId, String> e = readFrom.get(random.nextInt(readFrom.size()));
                    HttpResponse<byte[]> r = TestHttp.get(e.getValue(), "/" + e.getKey());
                    reads.incrementAndGet();
                    if (r.statusCode() != 200 || !java.util.Arrays.equals(r.body(), blobs.get(e.getKey()))) {
                        failures.add(e.getValue() + "/" + e.getKey() + " -> " + r.statusCode() + " " + TestHttp.text(r));
                    }
                }
            });
            ShellRun apply;
            try {
                apply = ShellRun.run(cluster.masterUrl(), "volume.balance", "-apply");
                long readsBefore = reads.get();
                Await.until("reads go on after the moves", Duration.ofSeconds(10), () -> reads.get() > readsBefore + 100);
            } finally {
                reading.set(false);
                reader.join();
            }
            assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
            assertThat(failures).as("reads during the balance").isEmpty();

            IntSummaryStatistics spread = cluster.volumeServers().stream()
                    .mapToInt(vs -> vs.store().volumes().size()).summaryStatistics();
            assertThat(fresh.store().volumes()).as("the new server got volumes").isNotEmpty();
            assertThat(spread.getMax() - spread.getMin()).as("volumes per server %s", spread).isLessThanOrEqualTo(1);
            for (VolumeServer vs : cluster.volumeServers()) {
                Blobs.assertHeldBlobsRead(vs, blobs);
            }
            cluster.volumeServers().forEach(vs -> assertThat(vs.store().volumes()).allSatisfy(v ->
                    assertThat(cluster.locations(v.id())).hasSize(2)));
        }
    }
}
