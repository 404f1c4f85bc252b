package io.hayloft.master.filer;

import io.hayloft.api.wire.PartitionTable;

/** Moves one replica of a filer partition between filer servers, in the partition's own Raft group. */
public interface PartitionReplicaChanger {
    /**
     * Makes {@code target} a member of the partition's group in place of {@code source}: the target
     * hosts the group and the group's configuration becomes {@code after}'s replicas (the target catches
     * up from the leader, by log or snapshot, before the change commits). The source keeps its (now
     * idle) replica: {@link #drop} removes it later, once every filer server routes by the new members.
     * Blocks until the configuration change is committed.
     *
     * @param table  the table the move was planned on (the servers' Raft addresses)
     * @param before the partition as the table has it
     * @param after  the partition with the replica moved
     * @throws io.hayloft.api.HayloftException UNAVAILABLE when the group cannot change now (nothing or only the
     *                          target's empty replica changed; the move may be tried again)
     */
    void move(PartitionTable table, PartitionTable.Partition before, PartitionTable.Partition after, long source,
              long target, boolean sourceAlive);

    /**
     * Has filer server {@code node} drop its replica of {@code partition} and delete its storage (a
     * replica moved away). Best effort: a server that cannot be reached drops it itself when it finds
     * the table no longer names it.
     */
    void drop(PartitionTable table, int partition, long node);
}
