package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.rules.PathRules;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Path rules from a filer config file, against a real cluster: a master, two volume servers in one
 * rack, a filer started with {@code filer-rules.json}. Where the chunks land is read back from the
 * volume servers' own {@code /status}, not from the filer.
 */
class FilerPathRulesTest {
    private static final String RULES = """
            {"rules": [
              {"prefix": "/pictures/", "collection": "pictures"},
              {"prefix": "/backup", "replication": "001", "maxMB": 1}
            ]}""";

    @TempDir
    Path root;

    private LocalCluster cluster;
    private FilerServer filer;
    private String filerUrl;

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(root, c -> c);
        cluster.addVolumeServer(16, "dc1", "rack1");
        cluster.addVolumeServer(16, "dc1", "rack1");
        Path rules = Files.writeString(root.resolve("filer-rules.json"), RULES);
        filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                .withRules(PathRules.load(rules)));
        filerUrl = filer.url();
    }

    @AfterEach
    void stop() {
        if (filer != null) {
            filer.close();
        }
        cluster.close();
    }

    @Test
    void filesUnderAPicturesRuleLandInThePicturesCollection() {
        byte[] data = random(2_500_000, 1);
        assertThat(upload("/pictures/2024/cat.bin?maxMB=1", data).statusCode()).isEqualTo(201);
        List<String> fids = FilerProbe.chunkFids(filerUrl, "/pictures/2024/cat.bin");
        assertThat(fids).hasSize(3);
        for (String fid : fids) {
            assertThat(collectionOf(fid)).as("collection of chunk %s", fid).isEqualTo("pictures");
        }
        assertThat(TestHttp.get(filerUrl, "/pictures/2024/cat.bin").body()).isEqualTo(data);

        assertThat(upload("/picturesque/dog.bin", random(10_000, 2)).statusCode()).isEqualTo(201);
        assertThat(collectionOf(FilerProbe.chunkFids(filerUrl, "/picturesque/dog.bin").getFirst()))
                .as("a prefix covers whole names only").isEmpty();
    }

    @Test
    void aRequestNamingACollectionOverridesTheRule() {
        assertThat(upload("/pictures/own.bin?collection=mine", random(10_000, 3)).statusCode()).isEqualTo(201);
        assertThat(collectionOf(FilerProbe.chunkFids(filerUrl, "/pictures/own.bin").getFirst())).isEqualTo("mine");
    }

    @Test
    void aReplication001RuleKeepsTwoCopiesOnTwoServersOfOneRack() {
        byte[] data = random(1_500_000, 4);
        assertThat(upload("/backup/db.tar", data).statusCode()).isEqualTo(201);
        List<String> fids = FilerProbe.chunkFids(filerUrl, "/backup/db.tar");
        assertThat(fids).as("the rule's maxMB 1 splits 1.5 MB in two").hasSize(2);
        for (String fid : fids) {
            for (VolumeServer vs : cluster.volumeServers()) {
                JsonNode v = FilerProbe.volume(vs.url(), FilerProbe.volumeId(fid));
                assertThat(v).as("volume of %s on %s", fid, vs.url()).isNotNull();
                assertThat(v.get("ReplicaPlacement").asString()).isEqualTo("001");
                HttpResponse<byte[]> copy = TestHttp.get(vs.url(), "/" + fid);
                assertThat(copy.statusCode()).as("copy of %s on %s", fid, vs.url()).isEqualTo(200);
            }
        }
        assertThat(TestHttp.get(filerUrl, "/backup/db.tar").body()).isEqualTo(data);
    }

    private HttpResponse<byte[]> upload(String pathAndQuery, byte[] data) {
        return TestHttp.postRaw(filerUrl, pathAndQuery, "application/octet-stream", data);
    }

    /** The collection of the volume holding {@code fid}, as its volume server reports it. */
    private String collectionOf(String fid) {
        for (VolumeServer vs : cluster.volumeServers()) {
            JsonNode v = FilerProbe.volume(vs.url(), FilerProbe.volumeId(fid));
            if (v != null) {
                return v.get("Collection").asString();
            }
        }
        throw new AssertionError("no volume server holds the volume of " + fid);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

}
