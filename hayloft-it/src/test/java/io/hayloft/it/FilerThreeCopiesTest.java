package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.rules.PathRules;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004 keeps each chunk three times: with replication {@code 002} (three servers in one rack), from
 * a path rule or from the request's {@code replication} query, every chunk of a file is readable from
 * exactly three different volume servers out of four, each reporting the volume as {@code 002}. Read
 * from the volume servers' own {@code /status} and blob reads, not from the filer.
 */
class FilerThreeCopiesTest {
    private static final String RULES = """
            {"rules": [{"prefix": "/tmp/banana/", "replication": "002", "maxMB": 1}]}""";
    private static final int[] CAPACITIES = {3, 4, 5, 6};

    @TempDir
    Path root;

    @Test
    void replication002FromARuleOrAQueryStoresEveryChunkOnThreeServers() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            for (int capacity : CAPACITIES) {
                cluster.addVolumeServer(capacity, "dc1", "rack1");
            }
            Path rules = Files.writeString(root.resolve("filer-rules.json"), RULES);
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                    .withRules(PathRules.load(rules)))) {
                byte[] ruled = random(2_500_000, 4);
                assertThat(TestHttp.postRaw(filer.url(), "/tmp/banana/a.bin", "application/octet-stream", ruled)
                        .statusCode()).isEqualTo(201);
                assertThreeCopiesOfEveryChunk(cluster, filer.url(), "/tmp/banana/a.bin", 3);

                byte[] asked = random(1_500_000, 5);
                assertThat(TestHttp.postRaw(filer.url(), "/elsewhere/b.bin?replication=002&maxMB=1",
                        "application/octet-stream", asked).statusCode()).isEqualTo(201);
                assertThreeCopiesOfEveryChunk(cluster, filer.url(), "/elsewhere/b.bin", 2);

                assertThat(TestHttp.get(filer.url(), "/tmp/banana/a.bin").body()).isEqualTo(ruled);
                assertThat(TestHttp.get(filer.url(), "/elsewhere/b.bin").body()).isEqualTo(asked);
            }
        }
    }

    private static void assertThreeCopiesOfEveryChunk(LocalCluster cluster, String filer, String path, int chunks) {
        List<String> fids = FilerProbe.chunkFids(filer, path);
        assertThat(fids).as("chunks of %s", path).hasSize(chunks);
        for (String fid : fids) {
            Set<String> holders = new HashSet<>();
            for (VolumeServer vs : cluster.volumeServers()) {
                JsonNode v = FilerProbe.volume(vs.url(), FilerProbe.volumeId(fid));
                if (v == null) {
                    continue;
                }
                assertThat(v.get("ReplicaPlacement").asString()).as("placement of %s on %s", fid, vs.url())
                        .isEqualTo("002");
                HttpResponse<byte[]> copy = TestHttp.get(vs.url(), "/" + fid);
                assertThat(copy.statusCode()).as("copy of %s on %s", fid, vs.url()).isEqualTo(200);
                holders.add(vs.url());
            }
            assertThat(holders).as("servers holding %s", fid).hasSize(3);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
