package io.hayloft.filer.partition;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The group commit of a partition's leader: the writes of every filer server to the partition (handed
 * over in process by the leader's own filer server, forwarded by the others as {@link ForwardedWrites})
 * queue here, and while one log entry is in flight the next collects all that arrive, so the entries per
 * write fall as the load grows. Each entry is a {@link PartitionCommand.Requests} submitted to the local
 * Raft server in process (no client RPC). A write already pending or recently applied under the same
 * {@link RequestId} is not queued again: its caller shares the first reply ({@link RecentRequests}).
 *
 * <p>A write whose entry fails (this replica lost its leadership before the entry was applied, or is
 * closing) completes exceptionally with {@link NotApplied}: the entry may still be committed by the next
 * leader, which then knows the id, so sending the write again with the same id is safe.
 *
 * <p>Thread-safe; never blocks.
 */
final class LeaderGroupCommit {
    /** Most log entries in flight at once: one, so the next entry carries everything that queued meanwhile. */
    static final int MAX_IN_FLIGHT = 1;
    /** Most writes in one entry. */
    static final int MAX_WRITES = 512;
    /** Most command bytes in one entry (Ratis refuses entries beyond its appender's byte limit, 4 MB). */
    static final int MAX_BYTES = 1 << 20;

    private final RaftServer server;
    private final RaftGroupId group;
    private final RecentRequests recent;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong calls = new AtomicLong();
    /** Writes waiting for an entry; guards {@link #inFlight} too. */
    private final List<Pending> queue = new ArrayList<>();
    private int inFlight;

    /** The write was not applied by this leader; it may be sent again under the same id. */
    static final class NotApplied extends RuntimeException {
        NotApplied(String why) {
            super(why, null, false, false);
        }
    }

    LeaderGroupCommit(RaftServer server, RaftGroupId group, RecentRequests recent) {
        this.server = server;
        this.group = group;
        this.recent = recent;
    }

    /**
     * Queues write {@code id} ({@code command}, encoded as {@code encoded}) for the next entry, or joins
     * the write of that id already pending or applied. The future completes with the reply when the entry
     * is applied on this replica, or exceptionally with {@link NotApplied}.
     */
    CompletableFuture<PartitionReply> submit(RequestId id, PartitionCommand command, byte[] encoded) {
        CompletableFuture<PartitionReply> fresh = new CompletableFuture<>();
        CompletableFuture<PartitionReply> existing = recent.register(id, fresh);
        if (existing != null) {
            return existing;
        }
        synchronized (queue) {
            queue.add(new Pending(id, command.at(), encoded, fresh));
        }
        sendQueued();
        return fresh;
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
                reply = server.submitClientRequestAsync(request(batch));
            } catch (IOException | RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.whenComplete((r, failure) -> {
                synchronized (queue) {
                    inFlight--;
                }
                finish(batch, r, failure);
                sendQueued();
            });
        }
    }

    private RaftClientRequest request(List<Pending> batch) {
        Instant at = batch.getFirst().at();
        byte[] entry = PartitionCommand.Requests.encode(at, batch.stream().map(Pending::id).toList(),
                batch.stream().map(Pending::encoded).toList());
        return RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.getId())
                .setGroupId(group)
                .setCallId(calls.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
    }

    /** Completes what applying the entry did not (it normally completes every write through {@link RecentRequests}). */
    private void finish(List<Pending> batch, RaftClientReply reply, Throwable failure) {
        if (failure != null || reply == null || !reply.isSuccess()) {
            Throwable why = failure != null ? failure : reply == null ? null : reply.getException();
            NotApplied notApplied = new NotApplied("partition " + group + " leader " + server.getId()
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

    private record Pending(RequestId id, Instant at, byte[] encoded, CompletableFuture<PartitionReply> reply) {
    }
}
