package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete of an erasure-coded needle while one shard holder is down reaches the others and answers
 * 503; the client's retry once the holder is back completes it there, and every holder's journal holds
 * the key once (a holder that journaled it already is not sent it again as a new entry); a third delete
 * is a 404.
 */
class ErasureCodedDeleteRetryTest {
    @TempDir
    Path root;

    @Test
    void aRetriedPartialDeleteReachesTheMissedHolderAndJournalsTheKeyOnceEverywhere() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c.withReplicationGrace(Duration.ofHours(1)))) {
            for (String rack : List.of("r0", "r0", "r1", "r2", "r3")) {
                cluster.addVolumeServer(8, "dc1", rack);
            }
            Map<FileId, byte[]> blobs = Blobs.upload(cluster, 20, new Random(47));
            VolumeId vid = EcProbe.fullest(blobs);
            Map<FileId, byte[]> coded = EcProbe.ofVolume(blobs, vid);
            ShellRun encoded = ShellRun.run(cluster.masterUrl(), "ec.encode", "-volumeId",
                    Integer.toString(vid.value()), "-apply");
            assertThat(encoded.exit()).as(encoded.out() + encoded.err()).isZero();
            List<VolumeServer> holders = EcProbe.holders(cluster, vid);
            VolumeServer via = holders.getFirst();
            VolumeServer missed = holders.getLast();
            int missedIndex = cluster.volumeServers().indexOf(missed);
            FileId gone = coded.keySet().iterator().next();

            cluster.stopVolumeServer(missedIndex);
            HttpResponse<byte[]> partial = TestHttp.delete(via.url(), "/" + gone);
            assertThat(partial.statusCode()).as(TestHttp.text(partial)).isEqualTo(503);
            assertThat(TestHttp.text(partial)).contains("retry");

            missed = cluster.restartVolumeServer(missedIndex);
            cluster.awaitNodes(5);
            assertThat(TestHttp.get(missed.url(), "/" + gone).statusCode()).as("the missed holder still serves it")
                    .isEqualTo(200);
            HttpResponse<byte[]> retried = TestHttp.delete(via.url(), "/" + gone);
            assertThat(retried.statusCode()).as(TestHttp.text(retried)).isEqualTo(202);

            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                assertThat(TestHttp.get(vs.url(), "/" + gone).statusCode()).as(vs.url()).isEqualTo(404);
                Path journal = vs.ecVolumes().mount(vid).files().journal();
                assertThat(Files.size(journal)).as("journal of %s: one 8-byte entry", vs.url()).isEqualTo(8);
            }
            HttpResponse<byte[]> again = TestHttp.delete(via.url(), "/" + gone);
            assertThat(again.statusCode()).as(TestHttp.text(again)).isEqualTo(404);
            coded.remove(gone);
            for (VolumeServer vs : EcProbe.holders(cluster, vid)) {
                Blobs.assertEveryBlobReads(vs, coded);
            }
        }
    }
}
