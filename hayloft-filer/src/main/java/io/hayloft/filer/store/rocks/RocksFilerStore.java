package io.hayloft.filer.store.rocks;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Change;
import io.hayloft.filer.store.ChangePage;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.EntryCodec;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.UploadIntent;
import io.hayloft.storage.GroupCommit;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.Checkpoint;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded default {@link FilerStore}: one RocksDB database in a directory. Keys are laid out as
 * {@link StoreKeys} documents, entry values as {@link EntryCodec} documents. A {@link Mutation} is one
 * {@link WriteBatch}, appended to the write-ahead log without a sync and then made durable by a
 * {@link GroupCommit} over log sequence numbers: concurrent commits share one {@code syncWal} (after a
 * failed sync nothing is reported durable again until the store is reopened). A commit
 * returns, and an {@link #apply applied} mutation's {@link Durable#await} returns, only once the log holds
 * it on disk; {@link #pendingDeletions} syncs what it read before handing it out. One process may open a
 * directory at a time (RocksDB's LOCK file refuses a second).
 */
public final class RocksFilerStore implements FilerStore {
    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    /** Appends to the log without a sync: {@link #groupSync} makes the appends durable. */
    private final WriteOptions writes;
    private final GroupCommit groupCommit;
    private final Clock clock;
    private final AtomicLong nextSequence;
    /** The sequence of the next change recorded in the change log (guarded by {@link #commitLock}). */
    private final AtomicLong nextChange;
    /**
     * How many of the last changes the change log keeps. Older ones are trimmed once every
     * {@link #TRIM_EVERY} changes, in the batch that crosses the boundary, so replicas applying the same
     * batches trim alike.
     */
    static final long CHANGES_KEPT = 1_000_000;
    private static final long TRIM_EVERY = 4096;
    /** Orders sequence assignment with batch writes so the queue's keys grow in commit order. */
    private final ReentrantLock commitLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Operations hold the read lock, {@link #close} the write lock ({@link #whileOpen}). */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    /**
     * Written with every batch while set (see {@link #markBatches}); null: none. Set and read by one
     * thread at a time (a replica's state machine applies on one thread).
     */
    private volatile byte[] batchMark;

    private RocksFilerStore(RocksDB db, Options options, Clock clock, boolean syncs) {
        this.db = db;
        this.options = options;
        this.writes = new WriteOptions().setSync(false);
        this.groupCommit = new GroupCommit(() -> {
            if (!syncs) {
                return;
            }
            try {
                db.syncWal();
            } catch (RocksDBException e) {
                throw new IOException("RocksDB cannot sync its write-ahead log: " + e.getMessage(), e);
            }
        }, db::getLatestSequenceNumber, db.getLatestSequenceNumber());
        this.clock = clock;
        this.nextSequence = new AtomicLong(lastSequence() + 1);
        this.nextChange = new AtomicLong(lastChange() + 1);
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @param clock stamps deletion-queue entries
     * @throws HayloftException INTERNAL when RocksDB cannot open the directory (e.g. another process holds it)
     */
    public static RocksFilerStore open(Path dir, Clock clock) {
        return open(dir, clock, true);
    }

    /**
     * Opens (creating if needed) the store in {@code dir} as a replica of state that is durable elsewhere
     * (a partition's Raft log, replayed after a crash): writes go to RocksDB's log without ever syncing it,
     * so a crash may lose the last writes, always a prefix of them. Pair it with {@link #markBatches} to
     * know which.
     *
     * @throws HayloftException INTERNAL when RocksDB cannot open the directory
     */
    public static RocksFilerStore openReplica(Path dir, Clock clock) {
        return open(dir, clock, false);
    }

    private static RocksFilerStore open(Path dir, Clock clock, boolean syncs) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create filer store directory " + dir, e);
        }
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksFilerStore(RocksDB.open(options, dir.toString()), options, clock, syncs);
        } catch (RocksDBException e) {
            options.close();
            throw failure("cannot open RocksDB in " + dir, e);
        }
    }

    private Optional<Entry> findOpen(FullPath path) {
        if (path.isRoot()) {
            return Optional.empty();
        }
        try {
            byte[] value = db.get(StoreKeys.entry(path));
            return value == null ? Optional.empty() : Optional.of(EntryCodec.decode(path, value));
        } catch (RocksDBException e) {
            throw failure("cannot read " + path, e);
        }
    }

    private List<Entry> listOpen(FullPath directory, String startFileName, boolean inclusive, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        String start = startFileName == null ? "" : startFileName;
        byte[] prefix = StoreKeys.childrenPrefix(directory);
        byte[] startKey = StoreKeys.entry(directory, start);
        List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(startKey); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (!StoreKeys.hasPrefix(key, prefix)) {
                    break;
                }
                if (!inclusive && !start.isEmpty() && java.util.Arrays.equals(key, startKey)) {
                    continue;
                }
                out.add(EntryCodec.decode(StoreKeys.pathOf(key), it.value()));
            }
        }
        return out;
    }

    /** Appends {@code mutation}'s batch to the log (visible at once) and returns its log sequence number. */
    private long applyOpen(Mutation mutation) {
        if (mutation.isEmpty()) {
            return 0;
        }
        commitLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            for (UploadIntent intent : mutation.claimedUploadIntents()) {
                if (db.get(StoreKeys.intent(intent)) == null) {
                    throw new HayloftException(ErrorCode.CONFLICT, "upload intent of " + intent.fid()
                            + " is gone (swept as stale): the write cannot commit");
                }
                batch.delete(StoreKeys.intent(intent));
            }
            long change = nextChange.get();
            for (FullPath p : mutation.deletes()) {
                byte[] key = StoreKeys.entry(p);
                byte[] old = db.get(key);
                if (old != null) {
                    batch.delete(key);
                    batch.put(StoreKeys.change(change++), Change.encode(Change.Kind.DELETE, p,
                            EntryCodec.decode(p, old).directory()));
                }
            }
            for (Entry e : mutation.puts()) {
                batch.put(StoreKeys.entry(e.path()), EntryCodec.encode(e));
                batch.put(StoreKeys.change(change++), Change.encode(Change.Kind.PUT, e.path(), e.directory()));
            }
            if (change / TRIM_EVERY != nextChange.get() / TRIM_EVERY && change > CHANGES_KEPT) {
                batch.deleteRange(StoreKeys.change(0), StoreKeys.change(change - CHANGES_KEPT));
            }
            Instant now = clock.instant();
            long seq = nextSequence.get();
            for (FileId fid : mutation.enqueuedDeletions()) {
                batch.put(StoreKeys.deletion(seq++), EntryCodec.encodeDeletion(fid, now));
            }
            for (UploadIntent intent : mutation.clearedUploadIntents()) {
                batch.delete(StoreKeys.intent(intent));
            }
            writeMarked(batch);
            nextSequence.set(seq);
            nextChange.set(change);
            return db.getLatestSequenceNumber();
        } catch (RocksDBException e) {
            throw failure("cannot commit a filer mutation", e);
        } finally {
            commitLock.unlock();
        }
    }

    /** Writes {@code batch} with the {@link #markBatches batch mark}, if one is set. */
    private void writeMarked(WriteBatch batch) throws RocksDBException {
        byte[] mark = batchMark;
        if (mark != null) {
            batch.put(StoreKeys.MARK, mark);
        }
        db.write(writes, batch);
    }

    /** Returns once every log record up to {@code sequence} is on disk. */
    private void awaitDurable(long sequence) {
        try {
            groupCommit.awaitDurable(sequence);
        } catch (UncheckedIOException e) {
            throw new HayloftException(ErrorCode.INTERNAL, "cannot sync the filer's write-ahead log: "
                    + e.getMessage(), e);
        }
    }

    /** Writes {@code batch} and returns once it is durable. */
    private void writeDurably(WriteBatch batch) throws RocksDBException {
        writeMarked(batch);
        awaitDurable(db.getLatestSequenceNumber());
    }

    private List<PendingDeletion> pendingDeletionsOpen(long afterSequence, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        List<PendingDeletion> out = new ArrayList<>(Math.min(limit, 1024));
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(StoreKeys.deletion(Math.max(0, afterSequence + 1))); it.isValid() && out.size() < limit;
                 it.next()) {
                byte[] key = it.key();
                if (key[0] != StoreKeys.DELETION) {
                    break;
                }
                out.add(EntryCodec.decodeDeletion(StoreKeys.sequenceOf(key), it.value()));
            }
        }
        if (!out.isEmpty()) {
            // a deletion applied but not yet synced could still be taken back by a crash, and with it the
            // commit that queued it: deleting its chunk would then lose the file. Everything the iterator
            // read was appended before now, so syncing up to the latest sequence covers it.
            awaitDurable(db.getLatestSequenceNumber());
        }
        return out;
    }

    private void completeDeletionsOpen(Collection<PendingDeletion> done) {
        if (done.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (PendingDeletion d : done) {
                batch.delete(StoreKeys.deletion(d.sequence()));
            }
            writeDurably(batch);
        } catch (RocksDBException e) {
            throw failure("cannot remove finished deletions", e);
        }
    }

    private void recordUploadIntentsOpen(Collection<UploadIntent> intents) {
        if (intents.isEmpty()) {
            return;
        }
        byte[] now = ByteBuffer.allocate(8).putLong(clock.millis()).array();
        try (WriteBatch batch = new WriteBatch()) {
            for (UploadIntent intent : intents) {
                batch.put(StoreKeys.intent(intent), now);
            }
            writeDurably(batch);
        } catch (RocksDBException e) {
            throw failure("cannot record upload intents", e);
        }
    }

    private List<UploadIntent> uploadIntentsOpen(String owner, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        byte[] prefix = StoreKeys.intentPrefix(owner);
        List<UploadIntent> out = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
                if (!StoreKeys.hasPrefix(it.key(), prefix)) {
                    break;
                }
                out.add(new UploadIntent(owner, FileId.parse(StoreKeys.intentFid(it.key(), prefix.length))));
            }
        }
        return out;
    }

    private List<UploadIntent> uploadIntentsRecordedBeforeOpen(Instant cutoff, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        long before = cutoff.toEpochMilli();
        List<UploadIntent> out = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            for (it.seek(new byte[] {StoreKeys.INTENT}); it.isValid() && out.size() < limit; it.next()) {
                if (it.key()[0] != StoreKeys.INTENT) {
                    break;
                }
                if (ByteBuffer.wrap(it.value()).getLong() < before) {
                    out.add(StoreKeys.intentOf(it.key()));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Entry> find(FullPath path) {
        return whileOpen("read " + path, () -> findOpen(path));
    }

    @Override
    public List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit) {
        return whileOpen("list " + directory, () -> listOpen(directory, startFileName, inclusive, limit));
    }

    @Override
    public void commit(Mutation mutation) {
        whileOpen("commit a mutation", () -> {
            awaitDurable(applyOpen(mutation));
            return null;
        });
    }

    @Override
    public Durable apply(Mutation mutation) {
        long sequence = whileOpen("commit a mutation", () -> applyOpen(mutation));
        return () -> whileOpen("make a commit durable", () -> {
            awaitDurable(sequence);
            return null;
        });
    }

    @Override
    public List<PendingDeletion> pendingDeletions(long afterSequence, int limit) {
        return whileOpen("read the deletion queue", () -> pendingDeletionsOpen(afterSequence, limit));
    }

    @Override
    public void completeDeletions(Collection<PendingDeletion> done) {
        whileOpen("complete deletions", () -> {
            completeDeletionsOpen(done);
            return null;
        });
    }

    @Override
    public void recordUploadIntents(Collection<UploadIntent> intents) {
        whileOpen("record upload intents", () -> {
            recordUploadIntentsOpen(intents);
            return null;
        });
    }

    @Override
    public List<UploadIntent> uploadIntents(String owner, int limit) {
        return whileOpen("read upload intents", () -> uploadIntentsOpen(owner, limit));
    }

    @Override
    public List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit) {
        return whileOpen("read upload intents", () -> uploadIntentsRecordedBeforeOpen(cutoff, limit));
    }

    /**
     * From now on every write batch of this store also stores {@code mark} (null: stop), in the same
     * atomic batch: a replica marks each batch with the position of the log entry it applies, so after a
     * crash {@link #batchMark()} says how far the store got. Call from the one thread that writes.
     */
    public void markBatches(byte[] mark) {
        this.batchMark = mark == null ? null : mark.clone();
    }

    /**
     * Writes the current {@link #markBatches mark} alone, in its own batch (nothing when none is set): a
     * replica records how far it applied before it checkpoints, when the last commands changed nothing.
     *
     * @throws HayloftException INTERNAL when RocksDB cannot write it
     */
    public void writeBatchMark() {
        whileOpen("write the batch mark", () -> {
            try (WriteBatch batch = new WriteBatch()) {
                writeMarked(batch);
                return null;
            } catch (RocksDBException e) {
                throw failure("cannot write the batch mark", e);
            }
        });
    }

    /**
     * The mark of the last batch written with one ({@link #markBatches}), as stored.
     *
     * @return the mark, or empty when no marked batch was ever written
     */
    public Optional<byte[]> batchMark() {
        return whileOpen("read the batch mark", () -> {
            try {
                return Optional.ofNullable(db.get(StoreKeys.MARK));
            } catch (RocksDBException e) {
                throw failure("cannot read the batch mark", e);
            }
        });
    }

    /**
     * Writes a consistent copy of the whole store into {@code target} (which must not exist): a RocksDB
     * checkpoint, hard links to the immutable table files after a flush of the memtable. Blocks; any thread.
     *
     * @throws HayloftException INTERNAL when RocksDB cannot make it
     */
    public void checkpoint(Path target) {
        whileOpen("checkpoint", () -> {
            try (Checkpoint checkpoint = Checkpoint.create(db)) {
                checkpoint.createCheckpoint(target.toString());
                return null;
            } catch (RocksDBException e) {
                throw failure("cannot checkpoint the filer store into " + target, e);
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lifecycle.writeLock().lock(); // waits for every operation in flight
        try {
            db.syncWal(); // what was applied but not yet awaited
            db.closeE();
        } catch (RocksDBException e) {
            // a log that cannot be synced (a full disk) still has to let go of the database and its LOCK, or
            // the directory cannot be opened again in this process; closeE frees the handle even when it fails
            db.close();
            throw failure("cannot close RocksDB cleanly", e);
        } finally {
            writes.close();
            options.close();
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Runs {@code op} while the database is open: operations share the read lock, {@link #close}
     * takes the write lock, so a close waits for the operations in flight and an operation after it
     * fails cleanly. Using a closed RocksDB handle crashes the JVM (an upload abandoned during a
     * shutdown wrote to a closed database: SIGSEGV in {@code RocksDB.write0}).
     *
     * @throws HayloftException {@code UNAVAILABLE} once the store is closed
     */
    private <T> T whileOpen(String what, Supplier<T> op) {
        lifecycle.readLock().lock();
        try {
            if (closed.get()) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "the filer store is closed (shutting down): cannot " + what);
            }
            return op.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private long lastChange() {
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            it.seekForPrev(StoreKeys.change(Long.MAX_VALUE));
            if (it.isValid() && it.key()[0] == StoreKeys.CHANGE) {
                return StoreKeys.sequenceOf(it.key());
            }
            return -1;
        }
    }

    private ChangePage changesOpen(int log, long after, int limit) {
        HayloftException.checkArgument(log == 0, "this store keeps one change log (0), not " + log);
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        List<Change> out = new ArrayList<>(Math.min(limit, 1024));
        long oldest = 0;
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            it.seek(StoreKeys.change(0));
            if (it.isValid() && it.key()[0] == StoreKeys.CHANGE) {
                oldest = StoreKeys.sequenceOf(it.key());
            }
            for (it.seek(StoreKeys.change(Math.max(0, after + 1))); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key[0] != StoreKeys.CHANGE) {
                    break;
                }
                out.add(Change.decode(StoreKeys.sequenceOf(key), it.value()));
            }
        }
        return new ChangePage(out, oldest, nextChange.get() - 1);
    }

    /**
     * Every put and delete of an entry, in the order they were applied: recorded in the mutation's own
     * write batch. The last {@value #CHANGES_KEPT} are kept. A change read here may not be durable yet
     * (its commit is still syncing): after a crash the log holds a prefix of what was read.
     */
    @Override
    public ChangePage changes(int log, long after, int limit) {
        return whileOpen("read the change log", () -> changesOpen(log, after, limit));
    }

    private long lastSequence() {
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
            it.seekForPrev(StoreKeys.deletion(Long.MAX_VALUE));
            if (it.isValid() && it.key()[0] == StoreKeys.DELETION) {
                return StoreKeys.sequenceOf(it.key());
            }
            return -1;
        }
    }

    private static HayloftException failure(String what, RocksDBException e) {
        String detail = e.getStatus() == null ? e.getMessage() : e.getStatus().getCodeString() + " " + e.getMessage();
        return new HayloftException(ErrorCode.INTERNAL, what + ": " + detail, e);
    }
}
