package io.hayloft.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.FakeCluster;
import io.hayloft.cli.FakeCluster.Blob;
import io.hayloft.cli.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeleteCommandTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deletesAndPrintsTheFreedSize() {
        String fid = cluster.store(new Blob("a", null, new byte[42]));
        Run run = Run.hayloft("delete", "-master", cluster.master(), fid);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("deleted " + fid + " (42 bytes)" + System.lineSeparator());
        assertThat(cluster.blobs()).doesNotContainKey(fid);
    }

    @Test
    void missingBlobExitsWithOneAndTheServersMessage() {
        String fid = cluster.store(new Blob("a", null, new byte[1]));
        Run run = Run.hayloft("delete", "-master", cluster.master(), "1,ee1234abcd", fid);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft delete: 1,ee1234abcd: 1,ee1234abcd not found");
        assertThat(cluster.blobs()).doesNotContainKey(fid);
    }

    @Test
    void unknownVolumeIsReported() {
        Run run = Run.hayloft("delete", "-master", cluster.master(), "9,011234abcd");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("volume not found");
    }
}
