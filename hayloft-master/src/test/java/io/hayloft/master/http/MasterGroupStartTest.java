package io.hayloft.master.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting one master of a group whose other members are not up yet, and the seed's join form. */
class MasterGroupStartTest {
    @TempDir
    Path dir;

    @Test
    void firstMasterOfAGroupStartsAtOnceAndAnswers503WithRetryAfterUntilALeaderExists() throws Exception {
        int[] ports = {freePortPair(), freePortPair(), freePortPair()};
        List<String> peers = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        long started = System.nanoTime();
        try (MasterServer alone = MasterServer.start(MasterConfig.forTest(dir.resolve("m0"))
                .withPorts(ports[0], ports[0] + 10000).withPeers(peers));
             MasterClient client = new MasterClient(alone.url())) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(alone.isLeader()).isFalse();
            for (String path : List.of("/dir/assign", "/vol/grow?count=1")) {
                HttpResponse<String> r = client.get(path);
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(MasterClient.json(r).get("error").asString()).contains("no leader");
            }
            HttpResponse<String> status = client.get("/cluster/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(MasterClient.json(status).get("Leader").asString()).isEmpty();
            assertThat(MasterClient.json(status).get("Raft").get("Members")).hasSize(3);
        }
    }

    @Test
    void seedFormNamingOnlyTheFirstMasterIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> MasterServer.start(MasterConfig.forTest(dir.resolve("m2"))
                .withHosts("127.0.0.1", "localhost").withPorts(9334, 19334).withPeers(List.of("localhost:9333"))))
                .isInstanceOf(HayloftException.class)
                .hasMessageContaining("does not name this master localhost:9334")
                .hasMessageContaining("-peers localhost:9333,localhost:9334")
                .hasMessageContaining("split brain");
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 10000 <= 65535) {
                try (ServerSocket raft = new ServerSocket(p + 10000, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
