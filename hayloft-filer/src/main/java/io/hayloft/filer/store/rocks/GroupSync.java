package io.hayloft.filer.store.rocks;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Group commit for a write-ahead log: writers append without syncing, then {@link #await} their
 * sequence number; one of them syncs the log for everyone who appended before the sync began, the
 * others wait for that sync (or the next). So {@code n} concurrent commits cost one or two syncs instead of
 * {@code n}, and a commit is never acknowledged before its record is on disk.
 *
 * <p>Thread-safe; {@link #await} blocks (call from virtual or worker threads).
 */
final class GroupSync {
    /** Syncs the log: everything appended before the call is durable when it returns. */
    @FunctionalInterface
    interface LogSync {
        void sync() throws Exception;
    }

    private final LongSupplier latestSequence;
    private final LogSync log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    /** Every record up to this sequence number is durable. */
    private long durable;
    private boolean syncing;
    private long syncs;

    /**
     * @param latestSequence the sequence number of the last record appended so far
     * @param log            syncs the log
     */
    GroupSync(LongSupplier latestSequence, LogSync log) {
        this.latestSequence = latestSequence;
        this.log = log;
        this.durable = latestSequence.getAsLong();
    }

    /**
     * Returns once every record up to {@code sequence} is durable, syncing the log unless a sync that
     * covers it is already running or done.
     *
     * @throws Exception what the sync threw, in the thread that ran it (waiters then try a sync of their own)
     */
    void await(long sequence) throws Exception {
        lock.lock();
        try {
            while (durable < sequence) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = latestSequence.getAsLong();
                boolean done = false;
                lock.unlock();
                try {
                    log.sync();
                    done = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (done) {
                        durable = Math.max(durable, target);
                        syncs++;
                    }
                    synced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** True while a sync runs. */
    boolean syncing() {
        lock.lock();
        try {
            return syncing;
        } finally {
            lock.unlock();
        }
    }

    /** How many syncs ran so far (for tests and metrics). */
    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
