package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * Sends commands and queries to one partition's leader, wherever it is (a Ratis client of the
 * partition's group: it finds the leader, follows NotLeader hints and retries while an election runs).
 * Writes wait for the command to be committed and applied; reads are linearizable (ReadIndex on the
 * leader). A request that finds no leader within {@code wait} fails with UNAVAILABLE, which the filer's
 * HTTP layer answers 503 with {@code Retry-After}: the write was either applied once or not at all
 * (Ratis's retry cache keeps a retried call from being applied twice).
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
    /**
     * Most log entries of this client in flight at once. One: what arrives meanwhile waits and goes in
     * the next entry, so the commands per entry grow with the load. Each entry costs every replica a few
     * milliseconds of CPU (gRPC, log write and sync, apply) whatever it carries, and on this 2-core machine
     * the CPU, not the disk, bounds the rate: one entry in flight made 2.1 creates per entry and 1.7 ms of
     * CPU per create against 1.5 and 4.2 ms with two (docs/benchmarks.md).
     */
    static final int MAX_IN_FLIGHT = 1;
    /** Most commands in one entry. */
    static final int MAX_BATCH = 256;
    /** Commands waiting for an entry; guards {@link #inFlight} too. */
    private final List<Queued> queue = new ArrayList<>();
    private int inFlight;

    PartitionClient(int partition, RaftGroup group, RaftProperties properties, Duration wait) {
        this(partition, group, properties, new Parameters(), wait);
    }

    /** A client whose gRPC runs with {@code parameters} (TLS: {@link PartitionRaftTls}). */
    PartitionClient(int partition, RaftGroup group, RaftProperties properties, Parameters parameters, Duration wait) {
        this.partition = partition;
        this.wait = wait;
        this.group = group;
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
        if (closed || !(cause(failure, GroupMismatchException.class) || neverSent(failure))) {
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
        List<RaftPeer> peers = List.copyOf(group.getPeers());
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
     * Applies {@code command} through the leader; returns its reply (an error reply is thrown). Concurrent
     * writes share log entries: while {@value #MAX_IN_FLIGHT} entry is in flight, the commands that
     * arrive queue, and the next entry carries all of them (up to {@value #MAX_BATCH}) as one
     * {@link PartitionCommand.Batch}, so many writers need few Raft rounds and log syncs.
     */
    PartitionReply write(PartitionCommand command) {
        Queued q = new Queued(command, new CompletableFuture<>());
        synchronized (queue) {
            queue.add(q);
        }
        sendQueued();
        byte[] answer = await(q.reply(), "write");
        return PartitionReply.decode(answer).orThrow();
    }

    /** Sends the queued commands in as many entries as the in-flight limit allows. */
    private void sendQueued() {
        while (true) {
            List<Queued> batch;
            synchronized (queue) {
                if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
                    return;
                }
                int n = Math.min(queue.size(), MAX_BATCH);
                batch = new ArrayList<>(queue.subList(0, n));
                queue.subList(0, n).clear();
                inFlight++;
            }
            PartitionCommand entry = batch.size() == 1 ? batch.getFirst().command()
                    : new PartitionCommand.Batch(batch.getFirst().command().at(),
                            batch.stream().map(Queued::command).toList());
            RaftClient c = client;
            c.async().send(Message.valueOf(ByteString.copyFrom(entry.encode()))).whenComplete((reply, failure) -> {
                boolean again = failure != null && !closed && neverSent(failure);
                renew(c, failure);
                synchronized (queue) {
                    inFlight--;
                    if (again) {
                        // refused before it was sent: the renewed client sends it
                        queue.addAll(0, batch);
                    }
                }
                if (!again) {
                    deliver(batch, reply, failure);
                }
                sendQueued();
            });
        }
    }

    private static void deliver(List<Queued> batch, RaftClientReply reply, Throwable failure) {
        if (failure != null || !reply.isSuccess()) {
            Throwable why = failure != null ? failure : reply.getException();
            batch.forEach(q -> q.reply().completeExceptionally(why == null ? new IllegalStateException("failed") : why));
            return;
        }
        byte[] answer = reply.getMessage().getContent().toByteArray();
        if (batch.size() == 1) {
            batch.getFirst().reply().complete(answer);
            return;
        }
        List<PartitionReply> replies = PartitionReply.decodeAll(answer);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().complete(replies.get(i).encode());
        }
    }

    /** A command waiting for its entry, and the reply it gets. */
    private record Queued(PartitionCommand command, CompletableFuture<byte[]> reply) {
    }

    /**
     * Answers {@code query} from the leader's state, linearizably. A replica that cannot get a read index
     * because an election is under way (Ratis answers that at once, without retrying) is asked again
     * until a leader answers or the wait is over.
     */
    byte[] read(PartitionQuery query) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            RaftClient c = client;
            try {
                return awaitReply(c.async().sendReadOnly(Message.valueOf(ByteString.copyFrom(query.encode()))),
                        "read");
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
        try {
            return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
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
        try {
            client.close();
        } catch (IOException e) {
            // nothing is left behind by a client that fails to close
        }
    }
}
