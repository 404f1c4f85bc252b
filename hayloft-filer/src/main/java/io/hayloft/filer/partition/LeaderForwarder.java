package io.hayloft.filer.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A filer server's forwarding of writes to the filer servers that lead their partitions
 * ({@link ForwardedWrites}): one lane per destination, shared by every partition that destination leads
 * (as each partition's Ratis client last learned it), with {@value #MAX_IN_FLIGHT} forward in flight per
 * lane and what queues meanwhile in the next. With 8 partitions over 3 filer servers a server forwards
 * over 2 lanes instead of 8 partition clients, so each call carries about four times the writes. A write
 * sent again (its destination did not lead its partition any more) travels alone, through its own
 * partition's client, which then learns the new leader from Ratis.
 *
 * <p>A forward not answered within {@link #DEADLINE} frees its lane: its writes are answered "send
 * again" (their ids keep a write that did reach the leader from being applied twice).
 *
 * <p>Thread-safe; never blocks.
 */
final class LeaderForwarder {
    /** Forwards in flight per lane. */
    static final int MAX_IN_FLIGHT = 1;
    /** Most writes in one forward. */
    static final int MAX_WRITES = 512;
    /** Most command bytes in one forward. */
    static final int MAX_BYTES = 1 << 20;

    /**
     * How long a forward may be in flight before its writes are answered "send again" and the lane moves
     * on: longer than the leader's own wait for them (twice {@link LeaderGroupCommit#ENTRY_DEADLINE}), so
     * a leader that answers at all answers first.
     */
    static final Duration DEADLINE = LeaderGroupCommit.ENTRY_DEADLINE.multipliedBy(3);

    private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();
    private final Duration deadline;

    LeaderForwarder() {
        this(DEADLINE);
    }

    /** @param deadline how long a forward may stay in flight (tests shorten it) */
    LeaderForwarder(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * Forwards {@code write} through {@code via} (its partition's client). The future completes with what
     * became of it; a failed call completes it "send again".
     *
     * @param alone send it through its own partition's lane (a write sent again), not its leader's
     */
    CompletableFuture<ForwardedWrites.Outcome> forward(PartitionClient via, ForwardedWrites.Write write, boolean alone) {
        RaftPeerId leader = alone ? null : via.knownLeader();
        Object key = leader != null ? leader : via;
        Queued q = new Queued(via, write, new CompletableFuture<>());
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane(deadline));
        lane.add(q);
        return q.outcome();
    }

    /** Forgets the lanes of {@code client} (closed by a reroute or the store); nothing in flight is lost. */
    void forget(PartitionClient client) {
        lanes.remove(client);
    }

    /** The writes waiting to go to one destination. */
    private static final class Lane {
        private final List<Queued> queue = new ArrayList<>();
        private final Duration deadline;
        private int inFlight;

        Lane(Duration deadline) {
            this.deadline = deadline;
        }

        void add(Queued q) {
            synchronized (queue) {
                queue.add(q);
            }
            send();
        }

        private void send() {
            while (true) {
                List<Queued> batch = new ArrayList<>();
                synchronized (queue) {
                    if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
                        return;
                    }
                    int bytes = 0;
                    int n = 0;
                    while (n < queue.size() && n < MAX_WRITES
                            && (n == 0 || bytes + queue.get(n).write().command().length <= MAX_BYTES)) {
                        bytes += queue.get(n).write().command().length;
                        batch.add(queue.get(n));
                        n++;
                    }
                    queue.subList(0, n).clear();
                    inFlight++;
                }
                byte[] message = ForwardedWrites.encode(batch.stream().map(Queued::write).toList());
                CompletableFuture<RaftClientReply> call;
                try {
                    call = batch.getFirst().via().forward(Message.valueOf(ByteString.copyFrom(message)));
                } catch (RuntimeException e) {
                    call = CompletableFuture.failedFuture(e);
                }
                AtomicBoolean slot = new AtomicBoolean(true);
                CompletableFuture<RaftClientReply> sent = call;
                call.whenComplete((reply, failure) -> {
                    deliver(batch, reply, failure);
                    release(slot);
                });
                if (!call.isDone()) {
                    // a destination that never answers (its replica closed, a call lost) must not hold the lane
                    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                        if (!sent.isDone()) {
                            batch.forEach(q -> q.outcome().complete(ForwardedWrites.Outcome.sendAgain(
                                    "the leader did not answer within " + deadline.toMillis() + " ms")));
                            release(slot);
                        }
                    });
                }
            }
        }

        /** Frees a forward's place in flight (once) and sends what queued meanwhile, off the completing thread. */
        private void release(AtomicBoolean slot) {
            if (!slot.compareAndSet(true, false)) {
                return;
            }
            boolean more;
            synchronized (queue) {
                inFlight--;
                more = !queue.isEmpty();
            }
            if (more) {
                Thread.ofVirtual().name("hayloft-forward").start(this::send);
            }
        }

        private static void deliver(List<Queued> batch, RaftClientReply reply, Throwable failure) {
            if (failure != null || !reply.isSuccess()) {
                Throwable why = failure != null ? failure : reply.getException();
                batch.forEach(q -> q.outcome().complete(ForwardedWrites.Outcome.sendAgain(String.valueOf(why))));
                return;
            }
            List<ForwardedWrites.Outcome> outcomes;
            try {
                outcomes = ForwardedWrites.decodeOutcomes(reply.getMessage().getContent().toByteArray());
            } catch (RuntimeException e) {
                batch.forEach(q -> q.outcome().completeExceptionally(e));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
        }
    }

    /** A write waiting for its forward, the client it goes through, and what became of it. */
    private record Queued(PartitionClient via, ForwardedWrites.Write write,
                          CompletableFuture<ForwardedWrites.Outcome> outcome) {
    }
}
