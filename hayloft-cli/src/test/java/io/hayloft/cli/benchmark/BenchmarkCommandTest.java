package io.hayloft.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.FakeCluster;
import io.hayloft.cli.FakeCluster.Blob;
import io.hayloft.cli.Run;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void writesThenReadsBackEveryFile() {
        Run run = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-c", "3", "-n", "10", "-size", "100");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Write phase", "Read phase").contains("Completed requests:    10")
                .contains("Failed requests:       0").contains("p99.9").doesNotContain("First error");
        assertThat(cluster.blobs()).hasSize(10)
                .allSatisfy((fid, blob) -> assertThat(blob.data().length).isBetween(100, 163));
    }

    @Test
    void warmUpFilesAreWrittenButNotCounted() {
        Run run = Run.hayloft("benchmark", "-warmup", "5", "-master", cluster.master(), "-c", "2", "-n", "10",
                "-size", "10");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Warming up:            5 untimed writes and reads")
                .contains("Completed requests:    10").doesNotContain("Completed requests:    15");
        assertThat(cluster.blobs()).hasSize(15);
    }

    @Test
    void uploadsEachFileOnceOverKeptAliveConnections() {
        Run run = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-c", "2", "-n", "20",
                "-size", "10");
        assertThat(run.exitCode()).isZero();
        // raw bodies, byte-exact: the read phase checked every 16th file's bytes, and every length
        assertThat(run.out()).contains("Failed requests:       0");
        assertThat(cluster.blobs()).hasSize(20);
        // one connection per worker and phase (2 workers, write and read), not one per request (40)
        assertThat(cluster.volumeConnections()).isLessThanOrEqualTo(4);
    }

    @Test
    void moreWorkersThanFilesStillDoEachFileOnce() {
        Run run = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-c", "16", "-n", "3", "-size", "10");
        assertThat(run.exitCode()).isZero();
        assertThat(cluster.blobs()).hasSize(3);
    }

    @Test
    void fidsFileLetsALaterRunReadWhatAnEarlierOneWrote(@TempDir Path dir) {
        Path fids = dir.resolve("fids.txt");
        Run write = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-n", "8", "-read=false",
                "-fids", fids.toString());
        assertThat(write.exitCode()).isZero();
        Run read = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-n", "8", "-write=false",
                "-fids=" + fids);
        assertThat(read.exitCode()).isZero();
        assertThat(read.out()).doesNotContain("Write phase").contains("Read phase")
                .contains("Completed requests:    8");
    }

    @Test
    void corruptedBlobsFailTheReadCheck(@TempDir Path dir) {
        Path fids = dir.resolve("fids.txt");
        Run write = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-n", "1", "-read=false",
                "-fids", fids.toString());
        assertThat(write.exitCode()).isZero();
        cluster.blobs().replaceAll((fid, blob) -> new Blob(blob.name(), blob.mime(), new byte[blob.data().length]));
        Run read = Run.hayloft("benchmark", "-warmup", "0", "-master", cluster.master(), "-write=false", "-fids", fids.toString());
        assertThat(read.exitCode()).isEqualTo(1);
        assertThat(read.out()).contains("Failed requests:       1").contains("bytes differ from what was written");
    }

    @Test
    void everyWriteFailingExitsWithOneAndShowsWhy() {
        try (FakeHttpServer master = new FakeHttpServer()) {
            master.on("/dir/assign", r -> Answer.json(406, "{\"error\":\"No free volumes left!\"}"));
            Run run = Run.hayloft("benchmark", "-warmup", "0", "-master", master.address(), "-n", "4", "-c", "2");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("Completed requests:    0").contains("Failed requests:       4")
                    .contains("First error:           No free volumes left!");
            assertThat(run.err()).contains("hayloft benchmark: a phase completed no request");
        }
    }

    @Test
    void sizeBelowOneIsAUsageError() {
        Run run = Run.hayloft("benchmark", "-size", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("-size must be at least 1");
    }

    @Test
    void readingWithoutWritingNeedsAFidsFile() {
        Run run = Run.hayloft("benchmark", "-write=false");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("-write=false needs -fids FILE");
    }
}
