package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 001's curl commands, run with the real curl, as a user types them (only the host, port
 * and file path differ). Skipped, saying so, where curl is not installed.
 */
class CurlSeedExamplesTest {
    @TempDir
    Path root;

    @BeforeAll
    static void needsCurl() {
        boolean present;
        try {
            present = new ProcessBuilder("curl", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        assumeTrue(present, "curl is not installed: the verbatim curl examples cannot run here");
    }

    private static String curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("curl %s", String.join(" ", args)).isZero();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void seedCurlCommandsWorkVerbatim() throws IOException {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(5, "", "");
            String master = cluster.masterUrl();

            // curl "http://127.0.0.1:9333/dir/assign?collection=pictures"
            JsonNode assign = TestHttp.JSON.readTree(curl("http://" + master + "/dir/assign?collection=pictures"));
            String fid = assign.get("fid").asString();
            // curl "http://127.0.0.1:9333/dir/assign?collection=mp3"
            assertThat(curl("http://" + master + "/dir/assign?collection=mp3"))
                    .isEqualTo("{\"error\":\"No free volumes left!\",\"code\":\"NOT_ACCEPTABLE\"}");

            // scale out: weed volume -dir="/tmp/data2" -max=5 -mserver="localhost:9333" -port=8081
            cluster.addVolumeServer(5, "", "");
            // curl -F "file=@/tmp/test.pdf" "127.0.0.1:9333/submit"
            Path pdf = Files.write(root.resolve("test.pdf"), SeedFlowsTest.randomBytes(548_840, 7));
            JsonNode submit = TestHttp.JSON.readTree(curl("-F", "file=@" + pdf, master + "/submit"));
            assertThat(submit.get("fileName").asString()).isEqualTo("test.pdf");
            assertThat(submit.get("size").asLong()).isEqualTo(548_840);
            Path back = root.resolve("back.pdf");
            curl("-o", back.toString(), submit.get("fileUrl").asString());
            assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(pdf));

            // curl -v -F "file=@/tmp/test.json" localhost:8081/5,1ce2111f1
            Path json = Files.writeString(root.resolve("test.json"), "{\"seed\":1}");
            JsonNode up = TestHttp.JSON.readTree(curl("-v", "-F", "file=@" + json,
                    assign.get("url").asString() + "/" + fid));
            assertThat(up.get("name").asString()).isEqualTo("test.json");
            assertThat(up.get("size").asLong()).isEqualTo(10);

            // curl "localhost:9333/dir/lookup?volumeId=4&pretty=y"
            String vid = fid.substring(0, fid.indexOf(','));
            String lookup = curl(master + "/dir/lookup?volumeId=" + vid + "&pretty=y");
            assertThat(lookup).contains("\n").contains("\"volumeId\" : \"" + vid + "\"")
                    .contains("\"url\" : \"" + assign.get("url").asString() + "\"");

            assertThat(curl(assign.get("url").asString() + "/" + fid)).isEqualTo("{\"seed\":1}");
            assertThat(curl("-X", "DELETE", assign.get("url").asString() + "/" + fid)).isEqualTo("{\"size\":10}");
        }
    }
}
