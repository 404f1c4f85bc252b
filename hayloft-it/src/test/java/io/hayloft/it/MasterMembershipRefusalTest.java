package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A membership change that cannot work is refused before anything is proposed: a malformed or
 * unreachable peer never enters the Raft configuration, so the master still leads, still assigns,
 * and still elects itself after a restart (issue 9, item 1: one request used to brick a master).
 */
class MasterMembershipRefusalTest {
    @TempDir
    Path root;

    @Test
    void aMalformedPeerAddressIsRefusedAndTheMasterStillRestartsAsLeader() {
        int port = ClusterPorts.masterPort();
        MasterConfig config = MasterConfig.forTest(root.resolve("m")).withPorts(port, port + 10000);
        try (MasterServer master = MasterServer.start(config)) {
            for (String bad : List.of("%2e%2e/%2e%2e:1", "..:1", "a/b:9333", "host%20name:9333", "-x:9333",
                    "%5B::1:9333", "127.0.0.1:0")) {
                HttpResponse<byte[]> r = TestHttp.postRaw(master.url(), "/cluster/raft/add?address=" + bad,
                        "text/plain", new byte[0]);
                assertThat(r.statusCode()).as(bad + ": " + TestHttp.text(r)).isEqualTo(400);
                assertThat(TestHttp.json(r).get("error").asString()).contains("address");
            }
            assertMemberAlone(master);
        }
        try (MasterServer restarted = MasterServer.start(config)) {
            assertThat(restarted.isLeader()).isTrue();
            assertMemberAlone(restarted);
        }
    }

    @Test
    void anUnreachablePeerIsRefusedAndTheConfigurationStaysAsItWas() {
        int port = ClusterPorts.masterPort();
        int nobody = ClusterPorts.masterPort();
        MasterConfig config = MasterConfig.forTest(root.resolve("m")).withPorts(port, port + 10000);
        try (MasterServer master = MasterServer.start(config)) {
            HttpResponse<byte[]> r = TestHttp.postRaw(master.url(), "/cluster/raft/add?address=127.0.0.1:" + nobody,
                    "text/plain", new byte[0]);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(400);
            assertThat(TestHttp.json(r).get("error").asString()).contains("127.0.0.1:" + (nobody + 10000))
                    .contains("does not answer");
            assertMemberAlone(master);
        }
        try (MasterServer restarted = MasterServer.start(config)) {
            assertThat(restarted.isLeader()).isTrue();
            assertMemberAlone(restarted);
        }
    }

    @Test
    void aPeerThatAnswersButIsNoMasterNeverEntersTheConfiguration() throws Exception {
        int port = ClusterPorts.masterPort();
        MasterConfig config = MasterConfig.forTest(root.resolve("m")).withPorts(port, port + 10000);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             MasterServer master = MasterServer.start(config)) {
            HttpResponse<byte[]> r = TestHttp.postRaw(master.url(), "/cluster/raft/add?address=127.0.0.1:"
                    + ClusterPorts.masterPort() + "&raftAddress=127.0.0.1:" + silent.getLocalPort(),
                    "text/plain", new byte[0]);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isNotEqualTo(200);
            assertMemberAlone(master);
        }
        try (MasterServer restarted = MasterServer.start(config)) {
            assertThat(restarted.isLeader()).isTrue();
            assertMemberAlone(restarted);
        }
    }

    private static void assertMemberAlone(MasterServer master) {
        assertThat(TestHttp.json(TestHttp.get(master.url(), "/cluster/status")).get("Raft").get("Members"))
                .hasSize(1);
        HttpResponse<byte[]> assign = TestHttp.get(master.url(), "/dir/assign");
        assertThat(assign.statusCode()).as("a master without volume servers still leads: "
                + TestHttp.text(assign)).isNotEqualTo(503);
    }
}
