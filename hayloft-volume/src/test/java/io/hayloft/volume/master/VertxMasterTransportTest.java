package io.hayloft.volume.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.client.MasterClientConfig;
import io.hayloft.client.MasterTransport;
import io.hayloft.http.PeerClient;
import io.hayloft.http.VertxHttpTransport;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The volume server's master calls over its Vert.x peer client ({@code VertxHttpTransport}), under the shared failover. */
class VertxMasterTransportTest {
    /** Generous: a cold JVM's first Vert.x call takes seconds on a loaded machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final Vertx vertx = Vertx.vertx();
    private final PeerClient peers = new PeerClient(vertx, DEADLINE);
    private final FakeHttpServer leader = new FakeHttpServer();
    private final FakeHttpServer follower = new FakeHttpServer();

    @AfterEach
    void stop() {
        leader.close();
        follower.close();
        vertx.close();
    }

    @Test
    void sendsTheJsonBodyAndReadsStatusHeadersAndBody() {
        leader.on("/internal/heartbeat", r -> Answer.bytes(503, Map.of("Retry-After", "3", "Content-Type",
                "application/json"), "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8)));
        MasterTransport.Answer a = MasterTransport.over(new VertxHttpTransport(peers, DEADLINE)).send("POST",
                URI.create("http://" + leader.address() + "/internal/heartbeat"), "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                DEADLINE);
        assertThat(a.status()).isEqualTo(503);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"busy\"}");
        assertThat(a.headers().entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualToIgnoringCase("Retry-After");
            assertThat(e.getValue()).containsExactly("3");
        });
        FakeHttpServer.Request sent = leader.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.header("Content-type")).isEqualTo("application/json");
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    }

    @Test
    void theSharedFailoverFollowsALeaderHintThroughVertx() {
        follower.on("/internal/node/id", r -> Answer.json(503,
                "{\"error\":\"not the leader\",\"code\":\"UNAVAILABLE\",\"leader\":\"" + leader.address() + "\"}"));
        leader.on("/internal/node/id", r -> Answer.json(200, "{\"nodeId\":77}"));
        try (MasterClient client = new MasterClient(java.util.List.of(follower.address()), peers, DEADLINE)) {
            assertThat(client.assignNodeId("127.0.0.1:8080")).isEqualTo(77);
        }
        assertThat(follower.requestsTo("/internal/node/id")).hasSize(1);
        assertThat(leader.requestsTo("/internal/node/id")).hasSize(1);
    }

    @Test
    void anUnreachableMasterIsUnavailable() {
        assertThatThrownBy(() -> MasterTransport.over(new VertxHttpTransport(peers, DEADLINE)).send("GET",
                URI.create("http://" + FakeHttpServer.deadAddress() + "/dir/status"), null, DEADLINE))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
