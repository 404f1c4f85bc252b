package io.hayloft.master.sequence;

import io.hayloft.api.HayloftException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out needle keys from blocks reserved in the {@link KeyLedger}, so one Raft entry covers
 * {@code blockSize} uploads. A key is never handed out twice, and never at or below a key a volume
 * server reported: reported keys raise the ledger's ceiling and skip the rest of the local block.
 * After a restart or failover the unused rest of the old block is skipped, never reissued: a block
 * belongs to the leader term it was reserved in, and the first call in a new term reserves a new
 * block above the committed ceiling.
 *
 * <p>Thread-safe: callers are serialized on one lock; only a block refill calls the ledger (and
 * blocks on Raft). {@link #tryNextKeys} never blocks, so an event loop can assign from the current
 * block and leave refills to a thread that may block.
 */
public final class FileKeySequencer {
    /** Keys per Raft entry. */
    public static final long DEFAULT_BLOCK_SIZE = 10_000;

    /** Returned by {@link #tryNextKeys} when the keys cannot be had without blocking. */
    public static final long NO_KEY = 0;

    private final ReentrantLock lock = new ReentrantLock();
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
    public long nextKeys(int count) {
        HayloftException.checkArgument(count >= 1, "count must be at least 1, got " + count);
        lock.lock();
        try {
            long term = ledger.leaderTerm();
            if (needsRefill(count, term)) {
                long size = Math.max(blockSize, count);
                long first = ledger.reserveKeyBlock(size);
                next = first;
                limit = first + size - 1;
                blockTerm = term;
            }
            long first = next;
            next += count;
            return first;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #nextKeys} when it can be done without blocking: the current block of this leader term
     * holds {@code count} more keys and no other caller holds the sequencer (a refill in progress).
     *
     * @return the first key, or {@link #NO_KEY} when the caller must use {@link #nextKeys} instead
     * @throws HayloftException {@code BAD_REQUEST} for a count below 1
     */
    public long tryNextKeys(int count) {
        HayloftException.checkArgument(count >= 1, "count must be at least 1, got " + count);
        if (!lock.tryLock()) {
            return NO_KEY;
        }
        try {
            if (needsRefill(count, ledger.leaderTerm())) {
                return NO_KEY;
            }
            long first = next;
            next += count;
            return first;
        } finally {
            lock.unlock();
        }
    }

    private boolean needsRefill(int count, long term) {
        return limit == 0 || term != blockTerm || next + count - 1 > limit;
    }

    /**
     * Records that a volume server holds {@code key}: later keys are all above it. Writes to the
     * ledger only when the key is above the committed ceiling.
     *
     * @throws HayloftException {@code UNAVAILABLE} when the raise cannot be committed
     */
    public void observe(long key) {
        if (key <= 0) {
            return;
        }
        lock.lock();
        try {
            if (key >= next) {
                next = key + 1;
            }
            if (key > ledger.keyCeiling()) {
                ledger.raiseKeyCeiling(key);
                limit = 0;
            }
        } finally {
            lock.unlock();
        }
    }
}
