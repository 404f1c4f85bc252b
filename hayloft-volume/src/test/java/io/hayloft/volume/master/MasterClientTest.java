package io.hayloft.volume.master;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MasterClientTest {
    FakeMaster master;
    String dead;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
    }

    private final List<MasterClient> clients = new java.util.ArrayList<>();

    private MasterClient client(List<String> masters) {
        MasterClient c = new MasterClient(masters, Duration.ofSeconds(2));
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() {
        clients.forEach(MasterClient::close);
        master.close();
    }

    private static Heartbeat beat() {
        return new Heartbeat(1, "127.0.0.1", 8080, "127.0.0.1:8080", "dc", "rack", 7, 0, List.of());
    }

    @Test
    void fallsThroughToTheFirstMasterThatAnswersAndRemembersTheLeader() {
        MasterClient client = client(List.of(dead, master.address()));
        assertThat(client.heartbeat(beat()).volumeSizeLimit()).isEqualTo(master.volumeSizeLimit.get());
        assertThat(client.leader()).isEqualTo(master.address());
        assertThat(client.assignNodeId("127.0.0.1:8080")).isPositive();
        assertThat(master.nodeIdRequests).containsExactly("127.0.0.1:8080");
    }

    @Test
    void heartbeatGoesToEveryMasterSoEachKeepsItsOwnTopology() throws Exception {
        try (FakeMaster second = new FakeMaster()) {
            MasterClient client = client(List.of(master.address(), dead, second.address()));
            client.heartbeat(beat(), Duration.ofSeconds(2));
            assertThat(master.heartbeats).hasSize(1);
            assertThat(second.heartbeats).hasSize(1);
            assertThat(second.lastHeartbeat().port()).isEqualTo(8080);
        }
    }

    @Test
    void failsUnavailableWhenNoMasterAnswers() {
        MasterClient client = client(List.of(dead));
        assertThatThrownBy(() -> client.heartbeat(beat())).isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void lookupOfAnUnknownVolumeIsNotFound() {
        MasterClient client = client(List.of(master.address()));
        master.replicas.put(3, List.of("a:1", "b:2"));
        assertThat(client.lookup(VolumeId.of(3)).locations()).hasSize(2);
        assertThatThrownBy(() -> client.lookup(VolumeId.of(4)))
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
