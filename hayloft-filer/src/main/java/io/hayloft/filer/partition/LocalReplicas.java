package io.hayloft.filer.partition;

import java.util.Optional;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * The partition replicas in this process (the filer server's own {@link PartitionServer}): writes to a
 * partition led here go straight into the leader's group commit and its linearizable reads to the
 * leader's Raft server, without a client RPC; with {@link PartitionReads#FOLLOWER} reads of a partition
 * with a replica here are answered by that replica. Implementations are thread-safe and cheap (asked on
 * every call).
 */
public interface LocalReplicas {
    /** No replica here: every call goes through Ratis's client. */
    LocalReplicas NONE = new LocalReplicas() {
        @Override
        public Optional<PartitionStateMachine> leading(RaftGroupId group) {
            return Optional.empty();
        }

        @Override
        public Optional<PartitionStateMachine> hosted(RaftGroupId group) {
            return Optional.empty();
        }
    };

    /** The local replica of {@code group} when it leads the group and is ready to serve, else empty. */
    Optional<PartitionStateMachine> leading(RaftGroupId group);

    /** The local replica of {@code group}, whatever its role, else empty. */
    Optional<PartitionStateMachine> hosted(RaftGroupId group);
}
