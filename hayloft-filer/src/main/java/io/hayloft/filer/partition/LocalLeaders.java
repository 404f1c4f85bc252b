package io.hayloft.filer.partition;

import java.util.Optional;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * The partitions whose leader runs in this process (the filer server's own {@link PartitionServer}):
 * their writes go straight into the leader's group commit and their reads to the leader's state, without
 * a client RPC. Implementations are thread-safe and cheap (asked on every call).
 */
@FunctionalInterface
public interface LocalLeaders {
    /** No partition leads here: every call goes through Ratis's client. */
    LocalLeaders NONE = group -> Optional.empty();

    /** The local replica of {@code group} when it leads the group and is ready to serve, else empty. */
    Optional<PartitionStateMachine> leading(RaftGroupId group);
}
