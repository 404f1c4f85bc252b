package io.hayloft.filer.store;

import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the filer keeps its metadata: entries keyed by path, and the durable queue of chunks waiting
 * to be deleted from the volume servers.
 *
 * <p><b>Atomicity (the transaction hook).</b> Every change goes through {@link #commit(Mutation)}: all
 * puts, deletes, enqueued deletions and cleared upload intents of one {@link Mutation} become visible
 * and durable together, or not at all. Renames (many puts and deletes) and "delete entry + enqueue its chunks" rely on this.
 * A store split into partitions by top-level directory ({@code partition.PartitionedFilerStore}) gives this
 * within one top-level directory only and refuses, with CONFLICT and changing nothing, a mutation whose
 * entries span two partitions; the namespace's operations never build one except a rename between top-level
 * directories, which that store refuses the same way.
 *
 * <p><b>Consistency.</b> A store does not check the tree's shape (that parents exist, that a directory
 * is empty): the namespace does, and serialises its mutations. A store must give read-your-writes:
 * after {@code commit} returns, {@code find} and {@code list} on the same instance see the change.
 *
 * <p><b>Threading.</b> Implementations are thread-safe; every method may block on I/O, so call them
 * from virtual or worker threads, never from an event loop.
 *
 * <p><b>Failure.</b> I/O failures surface as {@link io.hayloft.api.HayloftException} with code
 * INTERNAL; a failed commit changed nothing. Every implementation must pass
 * {@code FilerStoreConformanceTest}.
 */
public interface FilerStore extends AutoCloseable {
    /**
     * The entry at {@code path}. The root directory is never stored: callers synthesise it.
     *
     * @return the entry, or empty when none is stored there
     */
    Optional<Entry> find(FullPath path);

    /**
     * The entries directly inside {@code directory}, in ascending order of their names' UTF-8 bytes.
     *
     * @param startFileName list from this name on (empty: from the first)
     * @param inclusive     whether an entry named exactly {@code startFileName} is included
     * @param limit         at most this many entries, at least 1
     * @return up to {@code limit} entries, possibly none
     */
    List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit);

    /**
     * Applies every change of {@code mutation} atomically and durably (the write survives a crash of
     * the process once this returns). Puts replace any entry at the same path; deleting a missing
     * path does nothing; each enqueued chunk gets the next sequence number (of its partition, for a
     * partitioned store: sequences ascend within a top-level directory's commits).
     */
    void commit(Mutation mutation);

    /**
     * Applies {@code mutation} as {@link #commit} does, visible to reads when this returns, and hands back
     * what makes it durable: a caller that serialises its commits (the namespace, under its lock) applies
     * under the lock and waits for durability after releasing it, so concurrent commits share one disk
     * sync (group commit). Until {@link Durable#await} returns the change may be lost in a crash, so the
     * caller acknowledges nothing before then; {@link #pendingDeletions} never hands out a deletion that is
     * not durable. The default commits durably at once.
     */
    default Durable apply(Mutation mutation) {
        commit(mutation);
        return Durable.NOW;
    }

    /** Waits until an {@link #apply applied} mutation is durable. */
    @FunctionalInterface
    interface Durable {
        /** Already durable. */
        Durable NOW = () -> { };

        /**
         * Blocks until the mutation survives a crash of the process.
         *
         * @throws io.hayloft.api.HayloftException INTERNAL when the store cannot make it durable
         */
        void await();
    }

    /**
     * Pending chunk deletions in ascending sequence order, each durable (never one a crash could take
     * back: deleting its chunk would lose the file the deletion was queued for).
     *
     * @param afterSequence only deletions with a larger sequence number (-1: from the start)
     * @param limit         at most this many, at least 1
     */
    List<PendingDeletion> pendingDeletions(long afterSequence, int limit);

    /** Removes the given pending deletions (those the collector finished); unknown ones are ignored. */
    void completeDeletions(Collection<PendingDeletion> done);

    /**
     * Durably records that the chunks of {@code intents} are about to be uploaded (see
     * {@link UploadIntent}); returns once the record would survive a crash. Recording an intent twice
     * keeps one.
     */
    void recordUploadIntents(Collection<UploadIntent> intents);

    /**
     * Upload intents of {@code owner} still recorded, in no particular order.
     *
     * @param limit at most this many, at least 1
     */
    List<UploadIntent> uploadIntents(String owner, int limit);

    /**
     * Upload intents of any owner recorded before {@code cutoff}, in no particular order: the uploads of
     * filers that died and never came back (see {@code deletion.StaleIntentSweeper}).
     */
    List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit);

    /**
     * How many change logs the store keeps ({@link #changes}): one, or one per partition of a partitioned
     * store, each ordered on its own.
     */
    default int changeLogs() {
        return 1;
    }

    /**
     * The one change log that holds every change at or under {@code path} (the partition of a path below a
     * top-level directory), or -1 when they may be in any.
     */
    default int changeLogOf(FullPath path) {
        return changeLogs() == 1 ? 0 : -1;
    }

    /**
     * The changes of change log {@code log} after sequence {@code after}: every put and delete of an
     * entry, recorded in the same atomic commit as the change itself, so in the order the changes were
     * applied (within one log: one partition). A log keeps its last changes only ({@code oldest} says from
     * where); a reader whose {@code after} is older missed some.
     *
     * @param after -1 for the oldest kept
     * @param limit at most this many, at least 1
     * @throws io.hayloft.api.HayloftException BAD_REQUEST for a store that keeps no change log (the
     *                                         default) or a log number out of range
     */
    default ChangePage changes(int log, long after, int limit) {
        throw io.hayloft.api.HayloftException.badRequest("this filer store keeps no change log");
    }

    /** Flushes and releases the store. Idempotent; later calls on it fail. */
    @Override
    void close();
}
