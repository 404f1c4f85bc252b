package io.hayloft.client;
import io.hayloft.testkit.http.FakeHttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AssignTest {
    private static final String ASSIGNED = "{\"fid\":\"3,01637037d6\",\"url\":\"127.0.0.1:8080\","
            + "\"publicUrl\":\"files.example:80\",\"count\":1}";

    private final FakeHttpServer master = new FakeHttpServer();
    private final FakeHttpServer secondMaster = new FakeHttpServer();

    @AfterEach
    void stop() {
        master.close();
        secondMaster.close();
    }

    private static HayloftClient client(String... masters) {
        return HayloftClient.create(ClientConfig.defaults(List.of(masters))
                .withUnavailableRetry(Duration.ofMillis(300), Duration.ofMillis(5)));
    }

    @Test
    void assignReturnsTheMastersAnswer() {
        master.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(master.address())) {
            AssignResponse a = client.assign(AssignRequest.single());
            assertThat(a).isEqualTo(new AssignResponse("3,01637037d6", "127.0.0.1:8080", "files.example:80", 1));
        }
    }

    @Test
    void assignSendsEveryParameterItWasGiven() {
        master.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(master.address())) {
            client.assign(AssignRequest.single().withCount(5).withCollection("pics & more")
                    .withReplication(ReplicaPlacement.parse("001")).withTtl(Ttl.parse("3d")).withDataCenter("dc1"));
        }
        assertThat(master.requestsTo("/dir/assign").getFirst().query())
                .isEqualTo("count=5&collection=pics%20%26%20more&replication=001&ttl=3d&dataCenter=dc1");
    }

    @Test
    void assignLeavesUnsetParametersToTheMaster() {
        master.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(master.address())) {
            client.assign(AssignRequest.single().withTtl(Ttl.NONE));
        }
        assertThat(master.requestsTo("/dir/assign").getFirst().query()).isEqualTo("count=1");
    }

    @Test
    void noFreeVolumesIsNotAcceptableWithTheServersMessage() {
        master.on("/dir/assign", r -> Answer.json(406, "{\"error\":\"No free volumes left!\"}"));
        try (HayloftClient client = client(master.address())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE))
                    .hasMessageStartingWith("No free volumes left!");
        }
    }

    @Test
    void badParameterIsBadRequestAndNotRetriedOnAnotherMaster() {
        master.on("/dir/assign", r -> Answer.json(400, "{\"error\":\"invalid replication 'abc'\"}"));
        secondMaster.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(master.address(), secondMaster.address())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                    .hasMessageContaining("invalid replication 'abc'");
        }
        assertThat(secondMaster.requests()).isEmpty();
    }

    @Test
    void unreachableMasterIsSkippedAndTheAnsweringOneRemembered() {
        secondMaster.on("/dir/assign", r -> Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(FakeHttpServer.deadAddress(), secondMaster.address())) {
            client.assign(AssignRequest.single());
            client.assign(AssignRequest.single());
        }
        assertThat(secondMaster.requestsTo("/dir/assign")).hasSize(2);
    }

    @Test
    void masterWithoutLeaderIsRetriedUntilItAnswers() {
        AtomicInteger calls = new AtomicInteger();
        master.on("/dir/assign", r -> calls.incrementAndGet() < 3
                ? new Answer(503, Map.of("Retry-After", "0", "Content-Type", "application/json"),
                        "{\"error\":\"no leader yet\"}".getBytes())
                : Answer.json(200, ASSIGNED));
        try (HayloftClient client = client(master.address())) {
            assertThat(client.assign(AssignRequest.single()).fid()).isEqualTo("3,01637037d6");
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void noAnsweringMasterWithinTheRetryBudgetIsUnavailable() {
        master.on("/dir/assign", r -> Answer.json(503, "{\"error\":\"no leader yet\"}"));
        try (HayloftClient client = client(master.address(), FakeHttpServer.deadAddress())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageStartingWith("no master could answer");
        }
        assertThat(master.requestsTo("/dir/assign").size()).isGreaterThan(1);
    }

    @Test
    void answerWithoutFidIsAnInternalError() {
        master.on("/dir/assign", r -> Answer.json(200, "{\"count\":0}"));
        try (HayloftClient client = client(master.address())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
        }
    }

    @Test
    void answerThatIsNotJsonIsAnInternalError() {
        master.on("/dir/assign", r -> Answer.bytes(200, Map.of(), "<html>proxy</html>".getBytes()));
        try (HayloftClient client = client(master.address())) {
            assertThatThrownBy(() -> client.assign(AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                    .hasMessageContaining("<html>proxy</html>");
        }
    }

    @Test
    void countBelowOneIsRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> AssignRequest.single().withCount(0))
                .isInstanceOfSatisfying(HayloftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
