package io.hayloft.filer.partition;

/**
 * How a filer server reads the partitions ({@code hayloft filer -store partitioned -partition.reads}).
 */
public enum PartitionReads {
    /**
     * The default: every read is answered by the partition's leader after a ReadIndex round (Ratis
     * {@code LINEARIZABLE}), so it sees every write acknowledged before it was sent, whichever filer
     * server made it.
     */
    LINEARIZABLE,
    /**
     * Opt-in: a partition with a replica on this filer server is read from that replica's own state, with
     * no Raft round (others as {@link #LINEARIZABLE}). Faster, but the replica may lag its leader: a read
     * may miss a write acknowledged a moment ago, even one this filer server made, and two reads may see
     * the partition at different positions (never a half-applied entry). For listings and lookups that
     * tolerate that; not for read-modify-write (conditions are still checked on the leader when applied).
     */
    FOLLOWER;

    /** The mode named {@code name} ({@code linearizable} or {@code follower}, any case). */
    public static PartitionReads parse(String name) {
        for (PartitionReads r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw io.hayloft.api.HayloftException.badRequest("partition reads must be linearizable or follower, not "
                + name);
    }
}
