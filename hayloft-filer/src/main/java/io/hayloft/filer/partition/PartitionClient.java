package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
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
    private final RaftClient client;
    private final Duration wait;

    PartitionClient(int partition, RaftGroup group, RaftProperties properties, Duration wait) {
        this.partition = partition;
        this.wait = wait;
        this.client = RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
    }

    /** Applies {@code command} through the leader; returns its reply (an error reply is thrown). */
    PartitionReply write(PartitionCommand command) {
        byte[] answer = await(client.async().send(Message.valueOf(ByteString.copyFrom(command.encode()))), "write");
        return PartitionReply.decode(answer).orThrow();
    }

    /** Answers {@code query} from the leader's state, linearizably. */
    byte[] read(PartitionQuery query) {
        return await(client.async().sendReadOnly(Message.valueOf(ByteString.copyFrom(query.encode()))), "read");
    }

    private byte[] await(CompletableFuture<RaftClientReply> pending, String what) {
        try {
            RaftClientReply reply = pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                throw unavailable(what, String.valueOf(reply.getException()), null);
            }
            return reply.getMessage().getContent().toByteArray();
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
        try {
            client.close();
        } catch (IOException e) {
            // nothing is left behind by a client that fails to close
        }
    }
}
