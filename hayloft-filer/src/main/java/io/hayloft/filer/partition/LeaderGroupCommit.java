package io.hayloft.filer.partition;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit of a partition's leader: the writes of every filer server to the partition (handed
 * over in process by the leader's own filer server, forwarded by the others as {@link ForwardedWrites})
 * queue here, and while one log entry is in flight the next collects all that arrive, so the entries per
 * write fall as the load grows. Each entry is a {@link PartitionCommand.Requests} submitted to the local
 * Raft server in process (no client RPC). A write already pending or recently applied under the same
 * {@link RequestId} is not queued again: its caller shares the first reply ({@link RecentRequests}).
 *
 * <p><b>Nothing waits for ever.</b> An entry whose submission has not completed within the entry
 * deadline gives its place to the next one (the queue moves on; Ratis's own future, should it ever
 * complete, still settles its writes), and every caller's answer waits at most twice that (so a write
 * queued behind a stuck entry still gets its own entry): a write not applied by then is answered
 * {@link NotApplied}. Its id stays pending here until its entry is applied
 * (the reply is then remembered) or the replica stops leading ({@link #abandonAll}), so a write sent
 * again meanwhile joins the first instead of being applied twice. When the replica loses its
 * leadership or closes, every write queued or pending fails {@link NotApplied} at once: an entry it
 * had submitted may still be committed by the next leader, which knows the id once it applied it
 * (Ratis makes a leader serve only after applying every earlier entry), so sending again is safe.
 *
 * <p>Thread-safe; never blocks. Entries are submitted from the caller's thread or, once an entry
 * completes, from a fresh virtual thread (never from a Ratis thread, which the submission could block).
 */
final class LeaderGroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderGroupCommit.class);
    /** Most log entries in flight at once: one, so the next entry carries everything that queued meanwhile. */
    static final int MAX_IN_FLIGHT = 1;
    /** Most writes in one entry. */
    static final int MAX_WRITES = 512;
    /** Most command bytes in one entry (Ratis refuses entries beyond its appender's byte limit, 4 MB). */
    static final int MAX_BYTES = 1 << 20;
    /**
     * How long an entry may be in flight before the queue moves on (a caller waits twice that for its
     * write before it is told to send again): far above a commit under load (p99 under 200 ms on this
     * machine) and an election (2 s), well below the 30 s a filer request waits for a partition.
     */
    static final Duration ENTRY_DEADLINE = Duration.ofSeconds(5);

    /** Submits one entry to the leader's Raft server (in process). */
    @FunctionalInterface
    interface Submitter {
        CompletableFuture<RaftClientReply> submit(RaftClientRequest request) throws IOException;
    }

    private final Submitter submitter;
    private final RaftPeerId self;
    private final RaftGroupId group;
    private final RecentRequests recent;
    private final Duration deadline;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong calls = new AtomicLong();
    /** Writes waiting for an entry; guards {@link #inFlight} and {@link #unsettled} too. */
    private final List<Pending> queue = new ArrayList<>();
    /** Writes queued or in an entry whose outcome this leader has not seen yet. */
    private final Set<Pending> unsettled = new LinkedHashSet<>();
    private int inFlight;

    /** The write was not applied by this leader (yet); it may be sent again under the same id. */
    static final class NotApplied extends RuntimeException {
        NotApplied(String why) {
            super(why, null, false, false);
        }
    }

    LeaderGroupCommit(RaftServer server, RaftGroupId group, RecentRequests recent) {
        this(server::submitClientRequestAsync, server.getId(), group, recent, ENTRY_DEADLINE);
    }

    /** @param deadline how long an entry may stay in flight and a caller wait (tests shorten it) */
    LeaderGroupCommit(Submitter submitter, RaftPeerId self, RaftGroupId group, RecentRequests recent,
                      Duration deadline) {
        this.submitter = submitter;
        this.self = self;
        this.group = group;
        this.recent = recent;
        this.deadline = deadline;
    }

    /**
     * Queues write {@code id} ({@code command}, encoded as {@code encoded}) for the next entry, or joins
     * the write of that id already pending or applied. The future completes with the reply when the entry
     * is applied on this replica, or exceptionally with {@link NotApplied}: the replica stopped leading,
     * or the write was not applied within the entry deadline.
     */
    CompletableFuture<PartitionReply> submit(RequestId id, PartitionCommand command, byte[] encoded) {
        CompletableFuture<PartitionReply> fresh = new CompletableFuture<>();
        CompletableFuture<PartitionReply> existing = recent.register(id, fresh);
        if (existing == null) {
            synchronized (queue) {
                Pending p = new Pending(id, command.at(), encoded, fresh);
                queue.add(p);
                unsettled.add(p);
            }
            sendQueued();
        }
        return bounded(existing == null ? fresh : existing);
    }

    /**
     * Fails every write queued or pending here with {@link NotApplied} (the replica stopped leading or
     * closes): sent again, each goes to the next leader, which applies it once.
     */
    void abandonAll(String why) {
        List<Pending> all;
        synchronized (queue) {
            all = List.copyOf(unsettled);
            unsettled.clear();
            queue.clear();
        }
        if (all.isEmpty()) {
            return;
        }
        NotApplied notApplied = new NotApplied("partition " + group + " replica " + self + " " + why);
        all.forEach(p -> recent.abandon(p.id(), p.reply(), notApplied));
    }

    /** How many writes are queued or pending (tests). */
    int unsettled() {
        synchronized (queue) {
            return unsettled.size();
        }
    }

    /** The caller's view of {@code reply}: the same outcome, or {@link NotApplied} after twice the deadline. */
    private CompletableFuture<PartitionReply> bounded(CompletableFuture<PartitionReply> reply) {
        if (reply.isDone()) {
            return reply;
        }
        long wait = deadline.multipliedBy(2).toMillis();
        return reply.copy().orTimeout(wait, TimeUnit.MILLISECONDS).exceptionallyCompose(f ->
                CompletableFuture.failedFuture(unwrap(f) instanceof TimeoutException
                        ? new NotApplied("partition " + group + " leader " + self + " did not apply the write within "
                                + wait + " ms")
                        : unwrap(f)));
    }

    private void sendQueued() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (queue) {
                if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
                    return;
                }
                int bytes = 0;
                int n = 0;
                while (n < queue.size() && n < MAX_WRITES && (n == 0 || bytes + queue.get(n).encoded().length <= MAX_BYTES)) {
                    bytes += queue.get(n).encoded().length;
                    batch.add(queue.get(n));
                    n++;
                }
                queue.subList(0, n).clear();
                inFlight++;
            }
            CompletableFuture<RaftClientReply> reply;
            try {
                reply = submitter.submit(request(batch));
            } catch (IOException | RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            AtomicBoolean slot = new AtomicBoolean(true);
            CompletableFuture<RaftClientReply> submitted = reply;
            reply.whenComplete((r, failure) -> {
                finish(batch, r, failure);
                release(slot);
            });
            if (!reply.isDone()) {
                CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    if (!submitted.isDone()) {
                        LOG.warn("partition {} leader {}: an entry of {} writes is not answered after {} ms; the next"
                                + " entry goes (its writes are answered \"send again\")", group, self, batch.size(),
                                deadline.toMillis());
                        release(slot);
                    }
                });
            }
        }
    }

    /** Frees an entry's place in flight (once) and sends what queued meanwhile, off the completing thread. */
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
            Thread.ofVirtual().name("hayloft-group-commit").start(this::sendQueued);
        }
    }

    private RaftClientRequest request(List<Pending> batch) {
        Instant at = batch.getFirst().at();
        byte[] entry = PartitionCommand.Requests.encode(at, batch.stream().map(Pending::id).toList(),
                batch.stream().map(Pending::encoded).toList());
        return RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self)
                .setGroupId(group)
                .setCallId(calls.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
    }

    /** Completes what applying the entry did not (it normally completes every write through {@link RecentRequests}). */
    private void finish(List<Pending> batch, RaftClientReply reply, Throwable failure) {
        synchronized (queue) {
            batch.forEach(unsettled::remove);
        }
        if (failure != null || reply == null || !reply.isSuccess()) {
            Throwable why = failure != null ? failure : reply == null ? null : reply.getException();
            NotApplied notApplied = new NotApplied("partition " + group + " leader " + self
                    + " did not apply the entry: " + why);
            batch.forEach(p -> recent.abandon(p.id(), p.reply(), notApplied));
            return;
        }
        if (batch.stream().allMatch(p -> p.reply().isDone())) {
            return;
        }
        List<PartitionReply> replies = PartitionReply.decodeAll(reply.getMessage().getContent().toByteArray());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().complete(replies.get(i));
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private record Pending(RequestId id, Instant at, byte[] encoded, CompletableFuture<PartitionReply> reply) {
    }
}
