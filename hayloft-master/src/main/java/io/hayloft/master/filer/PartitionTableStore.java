package io.hayloft.master.filer;

import io.hayloft.api.wire.PartitionTable;

/** Where the committed filer partition table lives: the master's Raft state. Thread-safe. */
public interface PartitionTableStore {
    /** The table as last applied on this master. */
    PartitionTable current();

    /**
     * Commits {@code next} if the committed table is still at version {@code expected}; blocks.
     *
     * @return false when another change committed first (nothing changed)
     * @throws io.hayloft.api.HayloftException UNAVAILABLE when this master cannot commit (not the leader)
     */
    boolean put(long expected, PartitionTable next);

    /** True when {@code nodeId} was handed out by this cluster's node id sequence. */
    boolean knownNode(long nodeId);
}
