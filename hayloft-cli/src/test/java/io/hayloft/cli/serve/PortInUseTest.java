package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortInUseTest {
    private final ServerSocket taken;

    PortInUseTest() throws IOException {
        taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void release() throws IOException {
        taken.close();
    }

    private String port() {
        return Integer.toString(taken.getLocalPort());
    }

    @Test
    void masterOnATakenPortFailsWithOneClearLine() {
        Run run = Run.hayloft("master", "-ip.bind", "127.0.0.1", "-port", port(), "-port.raft", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft master: cannot listen on 127.0.0.1:" + port() + " (-port): ");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void volumeServerOnATakenPortFailsWithOneClearLine() {
        Run run = Run.hayloft("volume", "-ip.bind=127.0.0.1", "-port=" + port());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft volume: cannot listen on 127.0.0.1:" + port() + " (-port): ");
    }

    @Test
    void serverChecksTheVolumePortBeforeStartingTheMaster() {
        Run run = Run.hayloft("server", "-ip.bind", "127.0.0.1", "-master.port", "0", "-volume.port", port());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft server: cannot listen on 127.0.0.1:" + port() + " (-volume.port): ");
    }
}
