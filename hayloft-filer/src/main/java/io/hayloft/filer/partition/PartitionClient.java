package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * Sends commands and queries to one partition's leader, wherever it is: in process when the leader is
 * this filer server's own replica ({@link LocalReplicas}), else through a Ratis client of the partition's
 * group (it finds the leader, follows NotLeader hints and retries while an election runs). Writes join
 * the leader's group commit and wait for their entry to be committed and applied; reads are linearizable
 * (ReadIndex on the leader). A request that finds no leader within {@code wait} fails with UNAVAILABLE,
 * which the filer's HTTP layer answers 503 with {@code Retry-After}: the write was then applied once or
 * not at all ({@link RequestId}s keep a write sent again from being applied twice).
 *
 * <p>Thread-safe; every method blocks the calling (virtual) thread.
 */
final class PartitionClient implements AutoCloseable {
    private final int partition;
    private final RaftGroup group;
    private final RaftProperties properties;
    private final Parameters parameters;
    /** Replaced when it can serve no more calls ({@link #renew}). */
    private volatile RaftClient client;
    private volatile boolean closed;
    private final Duration wait;
    private final LocalReplicas local;
    private final PartitionReads reads;
    private final RequestId.Source ids = new RequestId.Source();
    private final LeaderForwarder forwarder;
    /** The pause before a write its leader did not apply is sent again (an election is under way). */
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A client whose gRPC runs with {@code parameters} (TLS: {@link PartitionRaftTls}). */
    PartitionClient(int partition, RaftGroup group, RaftProperties properties, Parameters parameters, Duration wait,
                    LocalReplicas local, PartitionReads reads, LeaderForwarder forwarder) {
        this.partition = partition;
        this.forwarder = forwarder;
        this.reads = reads;
        this.group = group;
        this.wait = wait;
        this.local = local;
        this.properties = properties;
        this.parameters = parameters;
        this.client = build(null);
    }

    private RaftClient build(RaftPeerId leader) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setParameters(parameters)
                .setRaftGroup(group)
                .setLeaderId(leader)
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
    }

    /**
     * Replaces {@code broken} when {@code failure} says it can serve no more calls. A Ratis client that
     * met "group not found" (a server that no longer hosts the partition: its replica moved away) does
     * not retry it and closes its ordered window: every later call through it failed at once
     * ({@code AlreadyClosedException: SlidingWindow$Client ... is closed}) until the partition's replicas
     * moved again. The new client starts at the next replica after the one that failed it.
     */
    private void renew(RaftClient broken, Throwable failure) {
        if (closed || failure == null || !(cause(failure, GroupMismatchException.class) || neverSent(failure))) {
            return;
        }
        synchronized (this) {
            if (client != broken || closed) {
                return;
            }
            client = build(nextPeer(broken.getLeaderId()));
        }
        Thread.ofVirtual().name("hayloft-partition-client-close").start(() -> {
            try {
                broken.close();
            } catch (IOException e) {
                // nothing is left behind by a client that fails to close
            }
        });
    }

    /** The replica after {@code failed} in the group's order (the first when unknown). */
    private RaftPeerId nextPeer(RaftPeerId failed) {
        java.util.List<org.apache.ratis.protocol.RaftPeer> peers = java.util.List.copyOf(group.getPeers());
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i).getId().equals(failed)) {
                return peers.get((i + 1) % peers.size()).getId();
            }
        }
        return peers.isEmpty() ? null : peers.getFirst().getId();
    }

    /** True when {@code failure} is the refusal of a client whose ordered window was closed: nothing was sent. */
    private static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AlreadyClosedException && String.valueOf(t.getMessage()).contains("SlidingWindow")) {
                return true;
            }
        }
        return false;
    }

    private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies {@code command} through the partition's leader; returns its reply (an error reply is
     * thrown). The write goes into the leader's group commit ({@link LeaderGroupCommit}): in process when
     * the leader is this filer server's replica, else forwarded ({@link LeaderForwarder}: concurrent writes
     * to every partition the same filer server leads travel together). A write its leader did not
     * apply (a leader change) is sent again under the same {@link RequestId} until {@code wait} is over, so
     * it is applied at most once while leaders keep their memory of it (not across a restart).
     *
     * @throws HayloftException the command's own error, or UNAVAILABLE when no leader applied it in time
     */
    PartitionReply write(PartitionCommand command) {
        RequestId id = ids.next();
        byte[] encoded = command.encode();
        long deadline = System.nanoTime() + wait.toNanos();
        for (int attempt = 0; ; attempt++) {
            ForwardedWrites.Outcome outcome = await(submit(id, command, encoded, attempt > 0), deadline, "write");
            if (!outcome.retryable()) {
                return outcome.reply().orThrow();
            }
            if (System.nanoTime() - deadline > 0) {
                throw unavailable("write", outcome.retry(), null);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(RETRY_PAUSE_NANOS);
        }
    }

    private CompletableFuture<ForwardedWrites.Outcome> submit(RequestId id, PartitionCommand command, byte[] encoded,
            boolean again) {
        Optional<PartitionStateMachine> leader = local.leading(group.getGroupId());
        if (leader.isPresent()) {
            return leader.get().groupCommit().submit(id, command, encoded).handle((reply, failure) ->
                    failure == null ? ForwardedWrites.Outcome.applied(reply)
                            : ForwardedWrites.Outcome.sendAgain(String.valueOf(failure.getMessage())));
        }
        return forwarder.forward(this, new ForwardedWrites.Write(id, partition, encoded), again);
    }

    /** The leader of the partition as this client last learned it, or null. */
    RaftPeerId knownLeader() {
        return client.getLeaderId();
    }

    /** Sends forwarded writes to this partition's leader (the destination of their lane). */
    CompletableFuture<RaftClientReply> forward(Message writes) {
        RaftClient c = client;
        return c.async().sendReadOnlyNonLinearizable(writes).whenComplete((reply, failure) -> renew(c, failure));
    }

    /**
     * Answers {@code query} from the leader's state, linearizably. A replica that cannot get a read index
     * because an election is under way (Ratis answers that at once, without retrying) is asked again
     * until a leader answers or the wait is over.
     */
    byte[] read(PartitionQuery query) {
        if (reads == PartitionReads.FOLLOWER) {
            Optional<PartitionStateMachine> replica = local.hosted(group.getGroupId());
            if (replica.isPresent()) {
                try {
                    return replica.get().readLocally(Message.valueOf(ByteString.copyFrom(query.encode())))
                            .get(wait.toMillis(), TimeUnit.MILLISECONDS).getContent().toByteArray();
                } catch (ExecutionException | TimeoutException e) {
                    // installing a snapshot, or closed: the leader answers instead
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable("read", "interrupted", e);
                }
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            RaftClient c = client;
            try {
                Message message = Message.valueOf(ByteString.copyFrom(query.encode()));
                Optional<PartitionStateMachine> leader = local.leading(group.getGroupId());
                return awaitReply(leader.isPresent() ? leader.get().readAsLeader(message)
                        : c.async().sendReadOnly(message), "read");
            } catch (HayloftException e) {
                renew(c, e);
                boolean renewed = client != c;
                if (!(electionUnderWay(e) || renewed) || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!renewed) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
        }
    }

    private static boolean electionUnderWay(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.ReadIndexException
                    || t instanceof org.apache.ratis.protocol.exceptions.LeaderNotReadyException) {
                return true;
            }
        }
        return false;
    }

    private byte[] awaitReply(CompletableFuture<RaftClientReply> pending, String what) {
        return await(pending.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new java.util.concurrent.CompletionException(reply.getException());
            }
            return reply.getMessage().getContent().toByteArray();
        }), what);
    }

    private byte[] await(CompletableFuture<byte[]> pending, String what) {
        return await(pending, System.nanoTime() + wait.toNanos(), what);
    }

    private <T> T await(CompletableFuture<T> pending, long deadline, String what) {
        try {
            return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, "interrupted", e);
        } catch (ExecutionException e) {
            throw unavailable(what, String.valueOf(e.getCause()), e);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw unavailable(what, "no leader answered within " + wait.toMillis() + " ms", e);
        }
    }

    private HayloftException unavailable(String what, String why, Throwable cause) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "partition " + partition + " cannot " + what
                + " now (leader change?): " + why, cause);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        forwarder.forget(this);
        try {
            client.close();
        } catch (IOException e) {
            // nothing is left behind by a client that fails to close
        }
    }
}
