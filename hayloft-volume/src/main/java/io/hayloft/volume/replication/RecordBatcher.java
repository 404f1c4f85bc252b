package io.hayloft.volume.replication;

import io.hayloft.api.FileId;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.hayloft.volume.transfer.PeerAnswer;
import io.hayloft.volume.transfer.RecordBatchWire;
import io.hayloft.volume.transfer.VolumePeerClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends the records of concurrent replicated writes to a peer in batches: per peer (a <em>lane</em>,
 * whatever the records' volumes) at most {@value #IN_FLIGHT} calls are in flight; a record that arrives
 * while they are waits, and every record waiting when a call returns goes out in the next one
 * ({@code POST /internal/needle/batch}, {@link NeedleTransfer}), so under load one HTTP exchange carries
 * several writes and alone a record goes out at once. One lane per peer rather than per peer and volume:
 * writes spread over a server's many volumes still fill batches (a volume's id travels with each record). Each record still gets its own
 * answer ({@link PeerAnswer}: 201, 202 or its error code), as the single route would answer it. A record
 * of more than {@value #MAX_BATCHED_RECORD} bytes is sent alone. Both calls go through the one client of
 * volume-to-volume calls ({@link VolumePeerClient}).
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

    private record Waiting(RecordBatchWire.Frame frame, CompletableFuture<PeerAnswer> answer) {
    }

    private static final class LaneState {
        private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        private int inFlight;
    }

    private final VolumePeerClient peers;
    private final ConcurrentMap<String, LaneState> lanes = new ConcurrentHashMap<>();

    RecordBatcher(VolumePeerClient peers) {
        this.peers = peers;
    }

    /**
     * Queues {@code record} of {@code fid} for {@code peer}; never throws.
     *
     * @return the peer's answer for this record (completed exceptionally when the batch call failed)
     */
    CompletableFuture<PeerAnswer> send(String peer, FileId fid, NeedleRecord record) {
        if (record.length() > MAX_BATCHED_RECORD) {
            return peers.replicate(peer, fid, record);
        }
        LaneState state = lanes.computeIfAbsent(peer, p -> new LaneState());
        CompletableFuture<PeerAnswer> answer = new CompletableFuture<>();
        List<Waiting> batch;
        synchronized (state) {
            state.queue.add(new Waiting(new RecordBatchWire.Frame(fid.volumeId(), record), answer));
            batch = take(state);
        }
        if (batch != null) {
            fire(peer, state, batch);
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
        while (!state.queue.isEmpty() && (batch.isEmpty() || bytes + state.queue.peek().frame().length() <= MAX_BATCH_BYTES)) {
            Waiting w = state.queue.poll();
            bytes += w.frame().length();
            batch.add(w);
        }
        state.inFlight++;
        return batch;
    }

    private void fire(String peer, LaneState state, List<Waiting> batch) {
        peers.replicateBatch(peer, batch.stream().map(Waiting::frame).toList())
                .whenComplete((answers, failure) -> {
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            if (failure != null) {
                                batch.get(i).answer().completeExceptionally(failure);
                            } else {
                                batch.get(i).answer().complete(answers.get(i));
                            }
                        }
                    } finally {
                        List<Waiting> next;
                        synchronized (state) {
                            state.inFlight--;
                            next = take(state);
                        }
                        if (next != null) {
                            fire(peer, state, next);
                        }
                    }
                });
    }
}
