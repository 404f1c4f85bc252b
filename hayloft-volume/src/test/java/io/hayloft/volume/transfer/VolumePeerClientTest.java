package io.hayloft.volume.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one client of volume-to-volume calls: requests from VolumeApi, answers decided on their code, deadlines. */
class VolumePeerClientTest {
    private final Vertx vertx = Vertx.vertx();
    private final PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(1));
    private final VolumePeerClient client = new VolumePeerClient(peers);
    private final FakeHttpServer peer = new FakeHttpServer();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        peer.close();
        peers.close();
        vertx.close();
    }

    private static NeedleRecord record(long key) {
        return NeedleRecord.of(Needle.of(key, 7, new byte[] {(byte) key, 2, 3}), 1_000 + key);
    }

    private static Answer error(int status, ErrorCode code, String message) {
        return Answer.json(status, "{\"error\":\"" + message + "\",\"code\":\"" + code + "\"}");
    }

    @Test
    void aRecordGoesOutAsItIsAndARefusalIsDecidedOnItsCodeNotItsStatus() {
        peer.on("/internal/needle/replicate", r -> error(409, ErrorCode.VOLUME_NOT_WRITABLE, "volume 5 is read-only"));
        NeedleRecord record = record(9);
        PeerAnswer a = client.replicate(peer.address(), FileId.of(5, 9, 7), record).join();

        assertThat(a.ok()).isFalse();
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.code()).as("409 is shared with CONFLICT").isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        assertThat(a.error()).isEqualTo("volume 5 is read-only");
        FakeHttpServer.Request sent = peer.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.params()).containsEntry("fid", FileId.of(5, 9, 7).toString());
        ByteBuffer bytes = record.bytes();
        byte[] expected = new byte[bytes.remaining()];
        bytes.get(expected);
        assertThat(sent.body()).isEqualTo(expected);
    }

    @Test
    void aBatchGivesEachRecordItsOwnAnswerOrTheWholeRefusal() {
        peer.on("/internal/needle/batch", r -> Answer.json(200, "{\"results\":[{\"status\":201,\"size\":3,\"eTag\":\"x\"},"
                + "{\"status\":409,\"code\":\"CONFLICT\",\"error\":\"another cookie\"}]}"));
        List<RecordBatchWire.Frame> frames = List.of(new RecordBatchWire.Frame(VolumeId.of(5), record(1)),
                new RecordBatchWire.Frame(VolumeId.of(6), record(2)));
        List<PeerAnswer> answers = client.replicateBatch(peer.address(), frames).join();
        assertThat(answers).extracting(PeerAnswer::ok).containsExactly(true, false);
        assertThat(answers.get(1).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(peer.requests().getFirst().params()).isEmpty();
        List<RecordBatchWire.Frame> sent = RecordBatchWire.parse(ByteBuffer.wrap(peer.requests().getFirst().body()));
        assertThat(sent).extracting(RecordBatchWire.Frame::volume).containsExactly(VolumeId.of(5), VolumeId.of(6));
        assertThat(sent).extracting(f -> f.record().key()).containsExactly(record(1).key(), record(2).key());

        peer.on("/internal/needle/batch", r -> Answer.json(200, "{\"results\":[{\"status\":201}]}"));
        assertThat(client.replicateBatch(peer.address(), frames).join())
                .allSatisfy(x -> assertThat(x.code()).isEqualTo(ErrorCode.INTERNAL));

        peer.on("/internal/needle/batch", r -> error(403, ErrorCode.FORBIDDEN, "not on the white list"));
        assertThat(client.replicateBatch(peer.address(), frames).join())
                .allSatisfy(x -> assertThat(x.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void everyCallHasADeadline() {
        peer.on("/internal/needle/replicate", r -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(201, "{}");
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.replicate(peer.address(), FileId.of(5, 1, 7), record(1)).join())
                .isInstanceOf(CompletionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        peer.on("/admin/volume/sync/digest", r -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{}");
        });
        assertThatThrownBy(() -> client.syncDigest(peer.address(), VolumeId.of(5), false))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aReplicaThatDoesNotHoldTheNeedleIsEmptyAndAnyOtherRefusalThrowsItsCode() {
        FileId fid = FileId.of(5, 1, 7);
        peer.on("/", r -> error(404, ErrorCode.NOT_FOUND, "no such needle"));
        assertThat(client.readReplica(peer.address(), fid)).isEmpty();
        assertThat(peer.requests().getFirst().path()).isEqualTo("/" + fid);
        assertThat(peer.requests().getFirst().params()).containsEntry("type", "replicate");

        peer.on("/", r -> error(500, ErrorCode.CORRUPT, "crc mismatch"));
        assertThatThrownBy(() -> client.readReplica(peer.address(), fid))
                .isInstanceOfSatisfying(HayloftException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT);
                    assertThat(e.getMessage()).contains(peer.address()).contains("crc mismatch");
                });

        peer.on("/", r -> Answer.bytes(200, Map.of("ETag", "\"abc\""), new byte[] {1, 2}));
        assertThat(client.readReplica(peer.address(), fid)).get()
                .satisfies(r -> assertThat(r.headers().get("ETag")).isEqualTo("\"abc\""));
    }

    @Test
    void theSyncCallsAskTheirEndpointsAndReadTheirBodies() {
        peer.on("/admin/volume/sync/digest", r -> Answer.json(200,
                "{\"volume\":5,\"liveCount\":2,\"digest\":\"00000000000000ff\"}"));
        peer.on("/admin/volume/sync/entries", r -> Answer.json(200,
                "{\"volume\":5,\"live\":[{\"key\":\"1\",\"cookie\":\"00000007\",\"size\":3}],\"deleted\":[\"2\"]}"));
        peer.on("/admin/volume/needle", r -> switch (r.method()) {
            case "GET" -> error(404, ErrorCode.NOT_FOUND, "not live");
            case "POST" -> Answer.json(200, "{\"unchanged\":true}");
            default -> Answer.json(200, "{\"deleted\":false}");
        });
        String at = peer.address();
        assertThat(client.syncDigest(at, VolumeId.of(5), false).liveCount()).isEqualTo(2);
        assertThat(client.syncEntries(at, VolumeId.of(5), "3,7").live()).hasSize(1);
        assertThat(client.needleRecord(at, VolumeId.of(5), 0x1f)).isEmpty();
        assertThat(client.storeNeedle(at, VolumeId.of(5), new byte[] {1}).unchanged()).isTrue();
        assertThat(client.deleteNeedle(at, VolumeId.of(5), 0x1f).deleted()).isFalse();
        assertThat(peer.requests()).extracting(r -> r.method() + " " + r.path() + "?" + r.query()).containsExactly(
                "GET /admin/volume/sync/digest?volume=5&buckets=false",
                "GET /admin/volume/sync/entries?volume=5&buckets=3%2C7",
                "GET /admin/volume/needle?volume=5&key=1f",
                "POST /admin/volume/needle?volume=5",
                "DELETE /admin/volume/needle?volume=5&key=1f");

        peer.on("/admin/volume/sync/digest", r -> Answer.bytes(200, Map.of(), "not json".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> client.syncDigest(at, VolumeId.of(5), true))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aCopyStreamsTheSourcesBodyAndARefusalCarriesItsCode() throws IOException {
        byte[] volume = new byte[300_000];
        for (int i = 0; i < volume.length; i++) {
            volume[i] = (byte) (i * 31);
        }
        peer.on("/admin/volume/copy", r -> "7".equals(r.params().get("volume"))
                ? Answer.bytes(200, Map.of("Content-Type", "application/octet-stream"), volume)
                : error(404, ErrorCode.NOT_FOUND, "volume 8 is not here"));
        try (PeerClient.Streamed s = client.openCopy(peer.address(), VolumeId.of(7), 3, Duration.ofSeconds(5))) {
            assertThat(s.body().readAllBytes()).isEqualTo(volume);
        }
        assertThat(peer.requests().getFirst().query()).isEqualTo("volume=7&mbps=3");
        assertThatThrownBy(() -> client.openCopy(peer.address(), VolumeId.of(8), 0, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(HayloftException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("volume 8 is not here");
                });
        assertThatThrownBy(() -> client.openCopy(FakeHttpServer.deadAddress(), VolumeId.of(7), 0, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void theErasureCodingCallsAreDecidedOnTheirCodes() throws Exception {
        VolumeId v = VolumeId.of(4);
        peer.on("/internal/ec/delete", r -> Answer.json(200, "{\"deleted\":true}"));
        assertThat(client.journalEcDelete(peer.address(), v, 0xabL)).isTrue();
        assertThat(peer.requests().getLast().params()).containsEntry("volume", "4").containsEntry("key", "ab");
        peer.on("/internal/ec/delete", r -> Answer.json(200, "{\"deleted\":false}"));
        assertThat(client.journalEcDelete(peer.address(), v, 0xabL)).isFalse();
        peer.on("/internal/ec/delete", r -> error(404, ErrorCode.NOT_FOUND, "erasure-coded volume 4 is not on this server"));
        assertThatThrownBy(() -> client.journalEcDelete(peer.address(), v, 0xabL))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        peer.on("/admin/ec/file", r -> error(404, ErrorCode.NOT_FOUND, "no journal"));
        assertThat(client.openEcFile(peer.address(), v, "ecj", Duration.ofSeconds(1))).isEmpty();
        peer.on("/admin/ec/file", r -> error(409, ErrorCode.CONFLICT, "a copy is running"));
        assertThatThrownBy(() -> client.openEcFile(peer.address(), v, "ec03", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        peer.on("/admin/ec/file", r -> Answer.bytes(200, Map.of(), new byte[] {5, 6, 7}));
        try (PeerClient.Streamed s = client.openEcFile(peer.address(), v, "ecx", Duration.ofSeconds(1)).orElseThrow()) {
            assertThat(s.body().readAllBytes()).containsExactly(5, 6, 7);
        }
        assertThat(peer.requests().getLast().params()).containsEntry("file", "ecx");

        peer.on("/internal/ec/shard", r -> Answer.bytes(200, Map.of(), new byte[] {1, 2, 3, 4}));
        assertThat(client.readShard(peer.address(), v, 0, 3, 10, 4).join()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> client.readShard(peer.address(), v, 0, 3, 10, 5).join())
                .hasCauseInstanceOf(HayloftException.class).hasMessageContaining("answered 4 bytes");
        peer.on("/internal/ec/shard", r -> error(404, ErrorCode.NOT_FOUND, "shard 3 is not on this server"));
        assertThatThrownBy(() -> client.readShard(peer.address(), v, 0, 3, 10, 4).join())
                .hasCauseInstanceOf(HayloftException.class).hasMessageContaining("NOT_FOUND");
    }
}
