package io.hayloft.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.FakeCluster;
import io.hayloft.cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class UploadCommandTest {
    private final FakeCluster cluster = new FakeCluster();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static List<Map<String, Object>> json(String out) {
        return JsonMapper.shared().readValue(out, new TypeReference<>() { });
    }

    @Test
    void printsOneJsonObjectPerUploadedFile() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "hello");
        Path b = Files.write(dir.resolve("b.bin"), new byte[1000]);
        Run run = Run.hayloft("upload", "-master", cluster.master(), a.toString(), b.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<Map<String, Object>> files = json(run.out());
        assertThat(files).hasSize(2);
        assertThat(files.get(0)).containsOnlyKeys("fileName", "fid", "fileUrl", "size")
                .containsEntry("fileName", "a.txt").containsEntry("size", 5);
        assertThat(files.get(1)).containsEntry("fileName", "b.bin").containsEntry("size", 1000);
        String fid = (String) files.get(0).get("fid");
        assertThat((String) files.get(0).get("fileUrl")).endsWith("/" + fid);
        assertThat(cluster.blobs().get(fid).data()).isEqualTo("hello".getBytes());
    }

    @Test
    void missingFileIsReportedAndTheOthersStillUpload() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "hello");
        Run run = Run.hayloft("upload", "-master=" + cluster.master(), dir.resolve("missing.txt").toString(),
                a.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft upload: " + dir.resolve("missing.txt")).contains("not a readable file");
        assertThat(json(run.out())).singleElement().extracting(m -> m.get("fileName")).isEqualTo("a.txt");
    }

    @Test
    void assignOptionsReachTheMaster() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "hello");
        Run run = Run.hayloft("upload", "--master", cluster.master(), "-collection", "pics", "-replication", "001",
                "-ttl", "3d", a.toString());
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void badTtlIsAUsageError() {
        Run run = Run.hayloft("upload", "-ttl", "3x", "f");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid ttl unit 'x'");
    }

    @Test
    void noFileIsAUsageError() {
        Run run = Run.hayloft("upload");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }
}
