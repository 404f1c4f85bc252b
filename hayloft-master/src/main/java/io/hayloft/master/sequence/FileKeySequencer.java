package io.hayloft.master.sequence;

import io.hayloft.api.HayloftException;

/**
 * Hands out needle keys from blocks reserved in the {@link KeyLedger}, so one Raft entry covers
 * {@code blockSize} uploads. A key is never handed out twice, and never at or below a key a volume
 * server reported: reported keys raise the ledger's ceiling and skip the rest of the local block.
 * After a restart or failover the unused rest of the old block is skipped, never reissued: a block
 * belongs to the leader term it was reserved in, and the first call in a new term reserves a new
 * block above the committed ceiling.
 *
 * <p>Thread-safe: callers are serialized on this object; only a block refill calls the ledger.
 */
public final class FileKeySequencer {
    /** Keys per Raft entry. */
    public static final long DEFAULT_BLOCK_SIZE = 10_000;

    private final KeyLedger ledger;
    private final long blockSize;
    private long next = 1;
    private long limit;
    private long blockTerm;

    /**
     * @param ledger    the durable ceiling
     * @param blockSize keys reserved per ledger write, at least 1
     */
    public FileKeySequencer(KeyLedger ledger, long blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        this.ledger = ledger;
        this.blockSize = blockSize;
    }

    /**
     * Reserves {@code count} consecutive keys.
     *
     * @return the first key; the caller owns {@code [first, first + count - 1]}
     * @throws HayloftException {@code BAD_REQUEST} for a count below 1, {@code UNAVAILABLE} when a
     *                          block cannot be committed
     */
    public synchronized long nextKeys(int count) {
        HayloftException.checkArgument(count >= 1, "count must be at least 1, got " + count);
        long term = ledger.leaderTerm();
        if (limit == 0 || term != blockTerm || next + count - 1 > limit) {
            long size = Math.max(blockSize, count);
            long first = ledger.reserveKeyBlock(size);
            next = first;
            limit = first + size - 1;
            blockTerm = term;
        }
        long first = next;
        next += count;
        return first;
    }

    /**
     * Records that a volume server holds {@code key}: later keys are all above it. Writes to the
     * ledger only when the key is above the committed ceiling.
     *
     * @throws HayloftException {@code UNAVAILABLE} when the raise cannot be committed
     */
    public synchronized void observe(long key) {
        if (key <= 0) {
            return;
        }
        if (key >= next) {
            next = key + 1;
        }
        if (key > ledger.keyCeiling()) {
            ledger.raiseKeyCeiling(key);
            limit = 0;
        }
    }
}
