package io.hayloft.master.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.http.PeerClient;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master's one client of volume servers: requests from VolumeApi, refusals decided on the body's code. */
class VolumeServerClientTest {
    private final Vertx vertx = Vertx.vertx();
    // a deadline no loaded test machine reaches: every case here is answered at once or refused at connect
    // (a 2 s deadline once turned the fake's answer into UNAVAILABLE on a busy machine)
    private final PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(60));
    private final FakeHttpServer volume = new FakeHttpServer();
    private final VolumeServerClient client = new VolumeServerClient(peers, peers);

    @AfterEach
    void stop() {
        volume.close();
        vertx.close();
    }

    private static Answer refusal(int status, ErrorCode code) {
        return Answer.json(status, "{\"error\":\"no\",\"code\":\"" + code + "\"}");
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (HayloftException e) {
            return e.code();
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void buildsEachCallFromTheDefinitionsAndReadsItsCounters() {
        volume.on("/admin/volume/allocate", r -> Answer.json(200, "{}"));
        volume.on("/admin/volume/copy", r -> Answer.json(200, "{\"bytes\":4096}"));
        volume.on("/admin/volume/sync", r -> Answer.json(200, "{\"repaired\":3}"));
        volume.on("/admin/volume/vacuum", r -> Answer.json(200, "{\"bytesReclaimed\":77}"));
        volume.on("/admin/volume/garbage", r -> Answer.json(200, "{\"volume\":5,\"garbageRatio\":0.25}"));
        client.allocate(volume.address(), VolumeId.of(5), new LayoutKey("pics", ReplicaPlacement.parse("001"), Ttl.parse("3m")));
        assertThat(client.copy(volume.address(), VolumeId.of(5), "127.0.0.1:9", 64)).isEqualTo(4096);
        assertThat(client.sync(volume.address(), VolumeId.of(5))).isEqualTo(3);
        assertThat(client.vacuum(volume.address(), VolumeId.of(5))).isEqualTo(77);
        assertThat(client.garbageRatio(volume.address(), VolumeId.of(5))).isEqualTo(0.25);
        FakeHttpServer.Request allocate = volume.requestsTo("/admin/volume/allocate").getFirst();
        assertThat(allocate.method()).isEqualTo("POST");
        assertThat(allocate.params()).containsEntry("volume", "5").containsEntry("collection", "pics")
                .containsEntry("replication", "001").containsEntry("ttl", "3m");
        assertThat(volume.requestsTo("/admin/volume/sync").getFirst().params()).containsEntry("apply", "true");
        assertThat(volume.requestsTo("/admin/volume/garbage").getFirst().method()).isEqualTo("GET");
    }

    @Test
    void aRefusalKeepsTheServersCodeNotJustItsStatus() {
        // 409 is CONFLICT or VOLUME_NOT_WRITABLE: only the body tells them apart
        volume.on("/admin/volume/copy", r -> refusal(409, ErrorCode.VOLUME_NOT_WRITABLE));
        volume.on("/admin/volume/vacuum", r -> refusal(409, ErrorCode.CONFLICT));
        volume.on("/admin/volume/mark", r -> refusal(404, ErrorCode.NOT_FOUND));
        volume.on("/admin/volume/sync", r -> refusal(500, ErrorCode.INTERNAL));
        assertThat(codeOf(() -> client.copy(volume.address(), VolumeId.of(1), "127.0.0.1:9", 0)))
                .isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(codeOf(() -> client.vacuum(volume.address(), VolumeId.of(1)))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> client.mark(volume.address(), VolumeId.of(1), true))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> client.sync(volume.address(), VolumeId.of(1)))).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void growthReportsARefusalAsNotAcceptableAndAFailureAsUnavailable() {
        volume.on("/admin/volume/allocate", r -> refusal(409, ErrorCode.CONFLICT));
        volume.on("/admin/volume/delete", r -> refusal(503, ErrorCode.UNAVAILABLE));
        LayoutKey key = new LayoutKey("", ReplicaPlacement.NONE, Ttl.NONE);
        assertThat(codeOf(() -> client.allocate(volume.address(), VolumeId.of(2), key))).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        assertThat(codeOf(() -> client.delete(volume.address(), VolumeId.of(2)))).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(codeOf(() -> client.allocate(FakeHttpServer.deadAddress(), VolumeId.of(2), key)))
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aGarbageAnswerWithoutARatioIsUnavailable() {
        volume.on("/admin/volume/garbage", r -> Answer.json(200, "{\"volume\":5}"));
        assertThatThrownBy(() -> client.garbageRatio(volume.address(), VolumeId.of(5)))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
