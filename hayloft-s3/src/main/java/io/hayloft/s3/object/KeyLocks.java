package io.hayloft.s3.object;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the metadata steps that change which version of a key is current (archive the current
 * file, put the new one in place, write a delete marker, bring the previous version back): each runs
 * under the lock of its bucket and key, one of a fixed set of striped locks. Bodies are stored before
 * the lock is taken, so it is held for a few filer calls only.
 *
 * <p>It orders the requests of one gateway; two gateways over one filer are not ordered by it (see
 * {@code docs/architecture.md}, "S3 versions"). Thread-safe; blocking (virtual threads park).
 */
final class KeyLocks {
    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the lock of {@code bucket}/{@code key}; returns what it returns. */
    <T> T with(String bucket, String key, Supplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod((bucket + '\n' + key).hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
