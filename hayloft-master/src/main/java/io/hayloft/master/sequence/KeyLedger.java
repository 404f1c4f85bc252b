package io.hayloft.master.sequence;

/**
 * The durable record of which needle keys may be in use: everything at or below the ceiling.
 * Backed by the Raft state machine in production; implementations are thread-safe and their
 * write methods block until the change is committed.
 */
public interface KeyLedger {
    /**
     * The leadership epoch (the Raft term) this ledger writes in. A sequencer drops any block it
     * reserved in another epoch and reserves afresh above the committed ceiling, so a master that
     * loses and regains leadership never resumes a block from an older term. A ledger that never
     * changes hands (a test double of one master) returns a constant.
     */
    long leaderTerm();

    /** The committed ceiling, read locally. */
    long keyCeiling();

    /**
     * Reserves {@code size} keys above the ceiling.
     *
     * @return the first key of the reserved block; the block is {@code [first, first + size - 1]}
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when not leader or no quorum
     */
    long reserveKeyBlock(long size);

    /**
     * Raises the ceiling to at least {@code key} (a volume server reported it in use).
     *
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when not leader or no quorum
     */
    void raiseKeyCeiling(long key);
}
