package io.hayloft.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.FakeCluster;
import io.hayloft.cli.FakeCluster.Blob;
import io.hayloft.cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadCommandTest {
    private final FakeCluster cluster = new FakeCluster();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Stream<Path> filesIn(Path d) throws IOException {
        return Files.list(d);
    }

    @Test
    void writesEachBlobUnderItsStoredName() throws IOException {
        String fid = cluster.store(new Blob("notes.txt", "text/plain", "some notes".getBytes()));
        Path out = dir.resolve("out");
        Run run = Run.hayloft("download", "-master", cluster.master(), "-o", out.toString(), fid);
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("some notes");
        assertThat(run.out()).contains(fid + " -> " + out.resolve("notes.txt") + " (10 bytes)");
    }

    @Test
    void blobWithoutNameIsWrittenUnderItsFid() throws IOException {
        String fid = cluster.store(new Blob("", null, new byte[] {1, 2, 3}));
        Run run = Run.hayloft("download", "-master", cluster.master(), "-dir=" + dir, fid);
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve(fid))).containsExactly(1, 2, 3);
    }

    @Test
    void storedNameCannotEscapeTheDirectory() throws IOException {
        String fid = cluster.store(new Blob("../../evil.sh", null, new byte[] {1}));
        Run run = Run.hayloft("download", "-master", cluster.master(), "-o", dir.toString(), fid);
        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("evil.sh")).exists();
        assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void missingBlobIsReportedLeavesNothingBehindAndOthersStillDownload() throws IOException {
        String fid = cluster.store(new Blob("a.txt", null, "a".getBytes()));
        Run run = Run.hayloft("download", "-master", cluster.master(), "-o", dir.toString(), "1,ff1234abcd", fid);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft download: 1,ff1234abcd: 1,ff1234abcd not found");
        try (Stream<Path> files = filesIn(dir)) {
            assertThat(files).containsExactly(dir.resolve("a.txt"));
        }
    }

    @Test
    void malformedFidIsAUsageError() {
        Run run = Run.hayloft("download", "3;01637037d6");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid file id '3;01637037d6'");
    }
}
