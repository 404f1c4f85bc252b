package io.hayloft.volume.replication;

import io.hayloft.volume.transfer.PeerAnswer;
import io.hayloft.volume.transfer.VolumePeerClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.testkit.Await;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.volume.transfer.RecordBatchWire;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordBatcher} against a fake peer: records queued while calls are in flight share the next
 * call, each record goes out exactly once, and each gets its own answer out of the batch's.
 */
class RecordBatcherTest {
    private Vertx vertx;
    private HttpServer server;
    private PeerClient peers;
    /** The keys of each batch the fake peer received, in arrival order. */
    private final List<List<Long>> calls = new CopyOnWriteArrayList<>();
    /** Requests the fake peer holds before it answers. */
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile boolean hold = true;
    private String peer;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::peer);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        peer = "127.0.0.1:" + server.actualPort();
        peers = new PeerClient(vertx, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        peers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Answers each record 201, except key 13 (409 CONFLICT); holds the answers while {@link #hold}. */
    private void peer(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            List<NeedleRecord> records = RecordBatchWire.parse(ByteBuffer.wrap(body.getBytes())).stream()
                    .map(RecordBatchWire.Frame::record).toList();
            calls.add(records.stream().map(NeedleRecord::key).toList());
            List<RecordBatchWire.Result> results = new ArrayList<>();
            for (NeedleRecord r : records) {
                results.add(r.key() == 13
                        ? new RecordBatchWire.Result(409, ErrorCode.CONFLICT.name(), "another cookie", null, null)
                        : new RecordBatchWire.Result(201, null, null, (long) r.dataSize(), "00000000"));
            }
            Runnable answer = () -> req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(Json.write(new RecordBatchWire.Response(results), false)));
            if (hold) {
                held.add(answer);
            } else {
                answer.run();
            }
        });
    }

    private static NeedleRecord record(long key) {
        return NeedleRecord.of(Needle.of(key, 7, new byte[] {(byte) key}), 1_000 + key);
    }

    @Test
    void recordsQueuedBehindTheCallsInFlightShareTheNextCall() {
        RecordBatcher batcher = new RecordBatcher(new VolumePeerClient(peers));
        List<CompletableFuture<PeerAnswer>> answers = new ArrayList<>();
        for (long key = 1; key <= 12; key++) {
            answers.add(batcher.send(peer, FileId.of(key % 2 == 0 ? 5 : 6, key, 7), record(key))); // one lane per peer
        }
        answers.add(batcher.send(peer, FileId.of(5, 13, 7), record(13)));
        Await.until("the first calls reached the peer", Duration.ofSeconds(10), () -> held.size() == RecordBatcher.IN_FLIGHT);
        hold = false;
        held.forEach(Runnable::run);
        Await.until("every record answered", Duration.ofSeconds(10), () -> answers.stream().allMatch(CompletableFuture::isDone));

        assertThat(calls).hasSize(RecordBatcher.IN_FLIGHT + 1); // two alone, then the other eleven together
        assertThat(calls.stream().flatMap(List::stream).sorted().toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 13).boxed().toList());
        for (int i = 0; i < 12; i++) {
            assertThat(answers.get(i).join().status()).isEqualTo(201);
        }
        PeerAnswer refused = answers.get(12).join();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aFailedCallFailsEveryRecordInIt() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        RecordBatcher batcher = new RecordBatcher(new VolumePeerClient(peers));
        CompletableFuture<PeerAnswer> a = batcher.send(peer, FileId.of(5, 1, 7), record(1));
        CompletableFuture<PeerAnswer> b = batcher.send(peer, FileId.of(5, 2, 7), record(2));
        CompletableFuture<PeerAnswer> c = batcher.send(peer, FileId.of(5, 3, 7), record(3));
        Await.until("every record answered", Duration.ofSeconds(15), () -> a.isDone() && b.isDone() && c.isDone());
        assertThat(List.of(a, b, c)).allMatch(CompletableFuture::isCompletedExceptionally);
    }
}
