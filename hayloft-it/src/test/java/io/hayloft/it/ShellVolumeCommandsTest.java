package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code hayloft shell volume.list} and {@code volume.vacuum} against a real cluster. */
class ShellVolumeCommandsTest {
    @TempDir
    Path root;


    private static long totalSize(String master, String collection) {
        long size = 0;
        JsonNode dcs = TestHttp.json(TestHttp.get(master, "/vol/status")).get("Volumes").get("DataCenters");
        for (JsonNode dc : dcs) {
            for (JsonNode rack : dc) {
                for (JsonNode node : rack) {
                    for (JsonNode v : node) {
                        if (v.get("Collection").asString().equals(collection)) {
                            size += v.get("Size").asLong();
                        }
                    }
                }
            }
        }
        return size;
    }

    @Test
    void volumeListShowsTheReplicasAndVolumeVacuumGivesTheGarbageBack() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            String volumeUrl = cluster.addVolumeServer(7, "dc1", "r1").url();
            String master = cluster.masterUrl();
            List<String> fids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                JsonNode a = TestHttp.json(TestHttp.get(master, "/dir/assign?collection=shell"));
                String fid = a.get("fid").asString();
                byte[] data = ("file " + i + " ").repeat(400).getBytes(StandardCharsets.UTF_8);
                assertThat(TestHttp.postFile(volumeUrl, "/" + fid, "f" + i, data).statusCode()).isEqualTo(201);
                fids.add(fid);
            }
            for (String fid : fids.subList(0, 21)) {
                assertThat(TestHttp.delete(volumeUrl, "/" + fid).statusCode()).isEqualTo(202);
            }
            Await.until("the master to see the deletes", Duration.ofSeconds(20),
                    () -> deletedInListing(ShellRun.run(master, "volume.list", "-collection", "shell").out()) == 21);

            ShellRun list = ShellRun.run(master, "volume.list", "-collection", "shell");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("data center dc1").contains("rack r1").contains("server " + volumeUrl)
                    .contains("collection 'shell'");

            long before = totalSize(master, "shell");
            ShellRun vacuum = ShellRun.run(master, "volume.vacuum", "-garbageThreshold", "0.1", "-collection", "shell");
            assertThat(vacuum.exit()).as(vacuum.err()).isZero();
            assertThat(vacuum.out()).contains("compacted").contains("bytes reclaimed");
            Await.until("sizes to shrink after vacuum", Duration.ofSeconds(20),
                    () -> totalSize(master, "shell") < before);
            for (String fid : fids.subList(21, 30)) {
                assertThat(TestHttp.get(volumeUrl, "/" + fid).statusCode()).isEqualTo(200);
            }

            ShellRun bad = ShellRun.run(master, "volume.vacuum", "-garbageThreshold", "2");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("between 0 and 1");
        }
    }

    /** The sum of the {@code deleted N} counts of every volume line of a volume.list output. */
    private static long deletedInListing(String out) {
        return java.util.regex.Pattern.compile("deleted (\\d+)").matcher(out).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }
}
