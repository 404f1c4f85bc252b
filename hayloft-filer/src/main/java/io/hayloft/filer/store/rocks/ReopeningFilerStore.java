package io.hayloft.filer.store.rocks;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.ChangePage;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.UploadIntent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FilerStore} that survives its disk filling up. RocksDB answers a failed write to its log (no space
 * left, an I/O error) by refusing every later write until the database is reopened, even once the disk has
 * room again: without this a full disk left the filer answering 500 to every change until a restart. Here the
 * first such failure marks the store broken; while broken, reads are served by the open database, changes are
 * refused with {@code UNAVAILABLE} (503, retry later) and change nothing; once the store's disk has at least
 * {@code minFreeBytes} usable (checked at most once per {@code retryEvery}, on the next call), the database is
 * closed and reopened (RocksDB replays its log; a record torn by the failure is dropped, and it was never
 * acknowledged) and the store serves changes again.
 *
 * <p>Thread-safe: calls share a read lock, a reopen takes the write lock.
 */
public final class ReopeningFilerStore implements FilerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReopeningFilerStore.class);
    /** Room a reopen needs: a new log and manifest, and the memtable flushed (64 MiB by default). */
    public static final long DEFAULT_MIN_FREE_BYTES = 128L << 20;
    public static final Duration DEFAULT_RETRY_EVERY = Duration.ofSeconds(1);

    private final Supplier<FilerStore> opener;
    private final LongSupplier usableBytes;
    private final long minFreeBytes;
    private final long retryEveryNanos;
    private final LongSupplier nanoTime;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The open store; null after a reopen failed (then every call is UNAVAILABLE until one works). */
    private FilerStore store;
    /** Why changes are refused, or null when the store is healthy. */
    private volatile String broken;
    private volatile long lastAttemptNanos;

    /**
     * @param opener       opens the underlying store (called now and for every reopen); throws when it cannot
     * @param usableBytes  the usable bytes on the store's file system (e.g. {@code FileStore::getUsableSpace})
     * @param minFreeBytes how much must be usable before a reopen is tried
     * @param retryEvery   at most one reopen attempt per this interval
     * @param nanoTime     the clock the interval is measured on ({@code System::nanoTime})
     */
    public ReopeningFilerStore(Supplier<FilerStore> opener, LongSupplier usableBytes, long minFreeBytes,
                               Duration retryEvery, LongSupplier nanoTime) {
        this.opener = opener;
        this.usableBytes = usableBytes;
        this.minFreeBytes = minFreeBytes;
        this.retryEveryNanos = retryEvery.toNanos();
        this.nanoTime = nanoTime;
        this.store = opener.get();
    }

    /** True when the last change failed on the disk and the store has not been reopened since. */
    public boolean broken() {
        return broken != null;
    }

    @Override
    public Optional<Entry> find(FullPath path) {
        return read(s -> s.find(path));
    }

    @Override
    public List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit) {
        return read(s -> s.list(directory, startFileName, inclusive, limit));
    }

    @Override
    public void commit(Mutation mutation) {
        change(s -> {
            s.commit(mutation);
            return null;
        });
    }

    @Override
    public Durable apply(Mutation mutation) {
        Durable durable = change(s -> s.apply(mutation));
        return () -> change(s -> {
            durable.await();
            return null;
        });
    }

    @Override
    public List<PendingDeletion> pendingDeletions(long afterSequence, int limit) {
        return change(s -> s.pendingDeletions(afterSequence, limit)); // it syncs the log before handing out
    }

    @Override
    public void completeDeletions(Collection<PendingDeletion> done) {
        change(s -> {
            s.completeDeletions(done);
            return null;
        });
    }

    @Override
    public void recordUploadIntents(Collection<UploadIntent> intents) {
        change(s -> {
            s.recordUploadIntents(intents);
            return null;
        });
    }

    @Override
    public List<UploadIntent> uploadIntents(String owner, int limit) {
        return read(s -> s.uploadIntents(owner, limit));
    }

    @Override
    public List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit) {
        return read(s -> s.uploadIntentsRecordedBefore(cutoff, limit));
    }

    @Override
    public int changeLogs() {
        return read(FilerStore::changeLogs);
    }

    @Override
    public int changeLogOf(FullPath path) {
        return read(s -> s.changeLogOf(path));
    }

    @Override
    public ChangePage changes(int log, long after, int limit) {
        return read(s -> s.changes(log, after, limit));
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (store != null) {
                store.close();
                store = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Function<FilerStore, T> op) {
        recoverIfDue();
        lock.readLock().lock();
        try {
            return op.apply(current());
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T change(Function<FilerStore, T> op) {
        recoverIfDue();
        lock.readLock().lock();
        try {
            FilerStore s = current();
            String why = broken;
            if (why != null) {
                throw refused(why);
            }
            try {
                return op.apply(s);
            } catch (HayloftException e) {
                String failure = diskFailure(e);
                if (failure == null) {
                    throw e;
                }
                if (broken == null) {
                    broken = failure;
                    lastAttemptNanos = nanoTime.getAsLong();
                    LOG.error("the filer's metadata store cannot write ({}): changes are refused until its disk has {}"
                            + " MiB free, then it is reopened", failure, minFreeBytes >> 20);
                }
                throw refused(failure);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private FilerStore current() {
        FilerStore s = store;
        if (s == null) {
            throw refused(broken == null ? "the store is closed" : broken);
        }
        return s;
    }

    /** Reopens a broken store once its disk has room, at most once per interval; on the calling thread. */
    private void recoverIfDue() {
        if (broken == null || nanoTime.getAsLong() - lastAttemptNanos < retryEveryNanos) {
            return;
        }
        lock.writeLock().lock();
        try {
            long now = nanoTime.getAsLong();
            if (broken == null || now - lastAttemptNanos < retryEveryNanos) {
                return;
            }
            lastAttemptNanos = now;
            long usable = usableBytes.getAsLong();
            if (usable < minFreeBytes) {
                return;
            }
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the broken filer store: {}", e.toString());
                }
                store = null;
            }
            try {
                store = opener.get();
                broken = null;
                LOG.info("the filer's metadata store was reopened ({} MiB free): changes are accepted again", usable >> 20);
            } catch (RuntimeException e) {
                LOG.error("reopening the filer's metadata store failed, retrying: {}", e.toString());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static HayloftException refused(String why) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "the filer's metadata store cannot take changes now ("
                + why + "): retry once the filer's disk has room");
    }

    /** What went wrong when {@code e} is a failure of the store's disk (RocksDB I/O error, failed log sync), else null. */
    static String diskFailure(HayloftException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof RocksDBException r && r.getStatus() != null && r.getStatus().getCode() == Status.Code.IOError) {
                return r.getMessage();
            }
            if (t instanceof UncheckedIOException || t instanceof IOException) {
                return t.getMessage();
            }
        }
        return null;
    }
}
