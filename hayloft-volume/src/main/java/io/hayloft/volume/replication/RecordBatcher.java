package io.hayloft.volume.replication;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.volume.transfer.RecordBatchWire;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends the records of concurrent replicated writes to a peer in batches: per peer and volume (a
 * <em>lane</em>) at most {@value #IN_FLIGHT} calls are in flight; a record that arrives while they are
 * waits, and every record waiting when a call returns goes out in the next one
 * ({@code POST /internal/needle/batch?volume=N}, {@link NeedleTransfer}), so under load one HTTP
 * exchange carries several writes and alone a record goes out at once. Each record still gets its own
 * answer: a {@link PeerClient.Response} built from its result (201, 202 or its error, with
 * {@code {"error","code"}}), as the single route would answer it. A record of more than
 * {@value #MAX_BATCHED_RECORD} bytes is sent alone ({@link RecordSender}).
 *
 * <p>Thread-safe: a lane is guarded by its own monitor, held only to queue and take records.
 */
final class RecordBatcher {
    /** Calls in flight per lane. */
    static final int IN_FLIGHT = 2;
    /** Larger records go alone. */
    static final int MAX_BATCHED_RECORD = 128 << 10;
    /** A batch's body stays under this many bytes (well under what a peer accepts). */
    static final int MAX_BATCH_BYTES = 1 << 20;
    private static final Map<String, String> HEADERS = Map.of("Content-Type", NeedleTransfer.OCTET_STREAM);

    private record Lane(String peer, VolumeId volume) {
    }

    private record Waiting(NeedleRecord record, CompletableFuture<PeerClient.Response> answer) {
    }

    private static final class LaneState {
        private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        private int inFlight;
    }

    private final PeerClient peers;
    private final ConcurrentMap<Lane, LaneState> lanes = new ConcurrentHashMap<>();

    RecordBatcher(PeerClient peers) {
        this.peers = peers;
    }

    /**
     * Queues {@code record} of {@code fid} for {@code peer}; never throws.
     *
     * @return the peer's answer for this record (completed exceptionally when the batch call failed)
     */
    CompletableFuture<PeerClient.Response> send(String peer, FileId fid, NeedleRecord record) {
        if (record.length() > MAX_BATCHED_RECORD) {
            return RecordSender.send(peers, peer, fid, record);
        }
        Lane lane = new Lane(peer, fid.volumeId());
        LaneState state = lanes.computeIfAbsent(lane, l -> new LaneState());
        CompletableFuture<PeerClient.Response> answer = new CompletableFuture<>();
        List<Waiting> batch;
        synchronized (state) {
            state.queue.add(new Waiting(record, answer));
            batch = take(state);
        }
        if (batch != null) {
            fire(lane, state, batch);
        }
        return answer;
    }

    /** Takes the next batch if a call may start now; caller holds the lane's monitor. */
    private static List<Waiting> take(LaneState state) {
        if (state.inFlight >= IN_FLIGHT || state.queue.isEmpty()) {
            return null;
        }
        List<Waiting> batch = new ArrayList<>();
        long bytes = 0;
        while (!state.queue.isEmpty() && (batch.isEmpty() || bytes + state.queue.peek().record().length() <= MAX_BATCH_BYTES)) {
            Waiting w = state.queue.poll();
            bytes += w.record().length();
            batch.add(w);
        }
        state.inFlight++;
        return batch;
    }

    private void fire(Lane lane, LaneState state, List<Waiting> batch) {
        ByteBuffer[] parts = new ByteBuffer[batch.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = batch.get(i).record().bytes();
        }
        Buffer body = BufferInternal.buffer(Unpooled.wrappedBuffer(parts));
        peers.send(HttpMethod.POST, NeedleTransfer.batchUrl(lane.peer(), lane.volume()), HEADERS, body)
                .whenComplete((response, failure) -> {
                    try {
                        complete(batch, response, failure);
                    } finally {
                        List<Waiting> next;
                        synchronized (state) {
                            state.inFlight--;
                            next = take(state);
                        }
                        if (next != null) {
                            fire(lane, state, next);
                        }
                    }
                });
    }

    /** Hands each record its own answer out of the batch's. */
    private static void complete(List<Waiting> batch, PeerClient.Response response, Throwable failure) {
        if (failure != null) {
            batch.forEach(w -> w.answer().completeExceptionally(failure));
            return;
        }
        if (!response.ok()) {
            batch.forEach(w -> w.answer().complete(response)); // the whole batch was refused: the same answer each
            return;
        }
        List<RecordBatchWire.Result> results;
        try {
            results = response.json(RecordBatchWire.Response.class).results();
        } catch (RuntimeException e) {
            results = null;
        }
        if (results == null || results.size() != batch.size()) {
            PeerClient.Response bad = error(502, ErrorCode.INTERNAL, "the peer's batch answer does not have one result per record");
            batch.forEach(w -> w.answer().complete(bad));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            RecordBatchWire.Result r = results.get(i);
            batch.get(i).answer().complete(r.status() >= 200 && r.status() < 300
                    ? new PeerClient.Response(r.status(), MultiMap.caseInsensitiveMultiMap(), Buffer.buffer())
                    : error(r.status(), ErrorCode.parse(r.code()).orElse(ErrorCode.fromStatus(r.status())),
                            r.error() == null ? "refused" : r.error()));
        }
    }

    private static PeerClient.Response error(int status, ErrorCode code, String message) {
        return new PeerClient.Response(status, MultiMap.caseInsensitiveMultiMap(),
                Buffer.buffer(Json.write(new ErrorResponse(message, code), false)));
    }
}
