package io.hayloft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The one master failover policy, as every role's master client applies it. */
class MasterFailoverTest {
    private static final String ASSIGNED = "{\"fid\":\"3,01637037d6\",\"url\":\"127.0.0.1:8080\","
            + "\"publicUrl\":\"127.0.0.1:8080\",\"count\":1}";

    private final FakeHttpServer follower = new FakeHttpServer();
    private final FakeHttpServer leader = new FakeHttpServer();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        follower.close();
        leader.close();
    }

    private static HayloftClient client(String... masters) {
        return HayloftClient.create(ClientConfig.defaults(List.of(masters))
                .withUnavailableRetry(Duration.ofMillis(300), Duration.ofMillis(5)));
    }

    private static String notLeader(String leaderAddress) {
        return "{\"error\":\"the leader cannot be reached from here\",\"code\":\"UNAVAILABLE\",\"leader\":\""
                + leaderAddress + "\"}";
    }

    @Test
    void followsTheLeaderHintOfAnErrorBodyEvenToAMasterNotConfigured() {
        follower.on("/dir/assign", r -> Answer.json(503, notLeader(leader.address())));
        leader.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(follower.address())) {
            assertThat(client.assign(AssignRequest.single()).fid()).isEqualTo("3,01637037d6");
            assertThat(client.masters().leader()).hasValue(leader.address());

            client.assign(AssignRequest.single());
        }
        assertThat(follower.requestsTo("/dir/assign")).as("the second call went to the known leader").hasSize(1);
        assertThat(leader.requestsTo("/dir/assign")).hasSize(2);
    }

    @Test
    void followsARedirectToTheSamePathOnAnotherMaster() {
        follower.on("/dir/assign", r -> Answer.bytes(307,
                Map.of("Location", "http://" + leader.address() + "/dir/assign?" + r.query()), new byte[0]));
        leader.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(follower.address())) {
            assertThat(client.assign(AssignRequest.single().withCollection("pics")).fid()).isEqualTo("3,01637037d6");
        }
        assertThat(leader.requestsTo("/dir/assign").getFirst().query()).isEqualTo("count=1&collection=pics");
    }

    @Test
    void rotatesPastAHungMasterWithinTheAttemptTimeout() {
        follower.on("/dir/assign", r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, ASSIGNED);
        });
        leader.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        MasterClientConfig config = new MasterClientConfig(List.of(follower.address(), leader.address()),
                Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ZERO, Duration.ZERO,
                java.time.Clock.systemUTC());
        long started = System.nanoTime();
        try (MasterClient masters = MasterClient.create(config)) {
            assertThat(masters.assign(AssignRequest.single()).fid()).isEqualTo("3,01637037d6");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(leader.requestsTo("/dir/assign")).hasSize(1);
    }

    @Test
    void rotatesPastAMasterThatIsDown() {
        leader.on("/dir/lookup", r -> Answer.json(200, "{\"volumeOrFileId\":\"3\",\"locations\":"
                + "[{\"url\":\"127.0.0.1:8080\",\"publicUrl\":\"127.0.0.1:8080\"}]}"));
        try (HayloftClient client = client(FakeHttpServer.deadAddress(), leader.address())) {
            assertThat(client.lookup(io.hayloft.api.VolumeId.of(3)).locations()).hasSize(1);
        }
    }

    @Test
    void neverRetriesAConflictAtAnotherMaster() {
        follower.on("/vol/move", r -> Answer.json(409, "{\"error\":\"volume 3 is already moving\",\"code\":\"CONFLICT\","
                + "\"leader\":\"" + leader.address() + "\"}"));
        leader.on("/vol/move", r -> Answer.json(200, "{}"));
        try (HayloftClient client = client(follower.address(), leader.address())) {
            assertThatThrownBy(() -> client.masters().post(MasterApi.MOVE.query().param(MasterApi.VOLUME, 3)
                    .param(MasterApi.SOURCE, "a:1").param(MasterApi.TARGET, "b:1"), JsonNode.class))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining("already moving");
        }
        assertThat(follower.requestsTo("/vol/move")).hasSize(1);
        assertThat(leader.requestsTo("/vol/move")).isEmpty();
    }

    @Test
    void aBadRequestIsFinalEvenWithALeaderHint() {
        follower.on("/dir/assign", r -> Answer.json(400, "{\"error\":\"bad ttl\",\"code\":\"BAD_REQUEST\",\"leader\":\""
                + leader.address() + "\"}"));
        try (HayloftClient client = client(follower.address(), leader.address())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThat(leader.requestsTo("/dir/assign")).isEmpty();
    }

    @Test
    void decidesOnTheBodysCodeNotTheStatus() {
        follower.on("/dir/assign", r -> Answer.json(500, "{\"error\":\"leadership moving\",\"code\":\"UNAVAILABLE\"}"));
        leader.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(follower.address(), leader.address())) {
            assertThat(client.assign(AssignRequest.single()).fid()).isEqualTo("3,01637037d6");
        }
    }
}
