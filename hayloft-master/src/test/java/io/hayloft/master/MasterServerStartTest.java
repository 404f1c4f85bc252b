package io.hayloft.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterServerStartTest {
    @TempDir
    Path dir;

    @Test
    void busyRaftPortFailsStartWithAnExceptionInsteadOfExitingTheJvm() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> MasterServer.start(MasterConfig.forTest(dir.resolve("m"))
                    .withPorts(0, taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
        // the JVM is still here, and a master starts on a free port afterwards
        try (MasterServer m = MasterServer.start(MasterConfig.forTest(dir.resolve("m2")))) {
            assertThat(m.isLeader()).isTrue();
        }
    }
}
