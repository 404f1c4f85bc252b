package io.hayloft.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes appended bytes durable with as few forces as possible (leader/follower group commit): a
 * volume's {@code .dat} under {@code -fsync}, and the filer's RocksDB write-ahead log (where "bytes" are
 * log sequence numbers and a force is {@code syncWal}).
 *
 * <p>A writer that has appended up to byte {@code end} calls {@link #awaitDurable(long)}. If no force
 * is running it becomes the leader: it notes how far the file has been written (every writer that
 * appended meanwhile is covered), forces, publishes the new durable end and wakes the others.
 * Writers arriving during a force wait; when it ends, those still uncovered elect the next leader.
 * So N concurrent writers need about two forces, not N.
 *
 * <pre>
 *   writer A: append ─ awaitDurable ─ [leader] force(0..end_C) ─ done
 *   writer B: append ─ awaitDurable ─ wait ──────────────────────── done (covered)
 *   writer C: append ─ awaitDurable ─ wait ──────────────────────── done (covered)
 * </pre>
 *
 * <p>Threading: safe for any number of threads (virtual threads included).
 */
public final class GroupCommit {
    /**
     * Fault point reached by each leader after it is elected and before it notes how far the file has
     * been written, with no lock held: a test can hold a force there while other writers append and wait.
     */
    static final String BEFORE_FORCE = "group-commit.before-force";

    /** Forces a file to disk; a seam so tests can model slow disks. */
    @FunctionalInterface
    public interface Forcer {
        void force() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition forced = lock.newCondition();
    private final Forcer forcer;
    private final LongSupplier writtenEnd;
    private long durableEnd;
    private boolean forcing;
    private long forceCount;
    /**
     * The first failed force. After it, nothing is ever reported durable again: on Linux a failed
     * fsync may drop the dirty pages it could not write, so a later successful fsync proves nothing
     * about them ("fsyncgate"). The volume must be reopened (recovery checks what reached the disk).
     */
    private IOException failure;

    /**
     * @param forcer     forces the file
     * @param writtenEnd returns the end of the bytes fully written so far (monotonic)
     * @param durableEnd the end already known durable
     */
    public GroupCommit(Forcer forcer, LongSupplier writtenEnd, long durableEnd) {
        this.forcer = forcer;
        this.writtenEnd = writtenEnd;
        this.durableEnd = durableEnd;
    }

    /**
     * Returns once every byte before {@code end} has been forced. Not interruptible: a write that
     * has been appended is seen through.
     *
     * @throws UncheckedIOException if the force this caller led failed, or any earlier force did: after one
     *                              failed fsync nothing is reported durable again until the file (the volume,
     *                              the store) is reopened
     */
    public void awaitDurable(long end) {
        lock.lock();
        try {
            while (durableEnd < end) {
                if (failure != null) {
                    throw new UncheckedIOException("an earlier fsync failed: writes can no longer be made durable "
                            + "until the volume is reopened", failure);
                }
                if (forcing) {
                    forced.awaitUninterruptibly();
                    continue;
                }
                forcing = true;
                lock.unlock();
                long target = 0;
                boolean ok = false;
                IOException error = null;
                try {
                    FaultPoints.hit(BEFORE_FORCE);
                    target = writtenEnd.getAsLong();
                    forcer.force();
                    ok = true;
                } catch (IOException e) {
                    error = e;
                    throw new UncheckedIOException("fsync failed", e);
                } finally {
                    lock.lock();
                    forcing = false;
                    if (error != null) {
                        failure = error;
                    }
                    if (ok) {
                        forceCount++;
                        durableEnd = Math.max(durableEnd, target);
                    }
                    forced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many forces have completed. */
    public long forceCount() {
        lock.lock();
        try {
            return forceCount;
        } finally {
            lock.unlock();
        }
    }
}
