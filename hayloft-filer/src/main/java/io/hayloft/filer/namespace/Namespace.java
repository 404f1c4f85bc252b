package io.hayloft.filer.namespace;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.TreeOperations;
import io.hayloft.filer.store.UploadIntent;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The directory tree's rules over a {@link FilerStore}: parents exist and are directories, a
 * directory is deleted with its contents only when asked, a rename never moves a directory into
 * itself, and every chunk an operation makes unreachable goes onto the deletion queue in the same
 * atomic commit.
 *
 * <p><b>A store that applies tree operations itself</b> ({@link TreeOperations}: the partitioned store,
 * where several filer servers write the same partitions) gets {@code mkdirs}, {@code commitFile},
 * {@code composeFile}, {@code delete} and {@code rename} handed over whole: it checks them where it
 * applies them, and this process's lock orders nothing there. {@code updateExtended} reads the entry,
 * computes the new metadata here and has the store replace it only if the entry is unchanged, reading
 * again when another writer got there first.
 *
 * <p><b>Threading.</b> Thread-safe. Reads go straight to the store; mutations are serialised by one
 * lock, so each sees the tree as the previous one left it. A mutation is applied under the lock and
 * made durable after it is released ({@link FilerStore#apply}), so concurrent writers share the store's
 * disk syncs; a method returns (and the chunks it freed are handed to the deletion collector) only once
 * its change is durable. Every method blocks on the store: call from virtual threads.
 *
 * <p><b>Failure.</b> BAD_REQUEST for operations that can never succeed (deleting the root, moving a
 * directory into itself), NOT_FOUND for a missing path, CONFLICT when the tree's state forbids it (a
 * file where a directory is needed, a non-empty directory without {@code recursive}). A failed
 * operation changed nothing.
 */
public final class Namespace {
    /** How many children a subtree walk reads per store call. */
    private static final int WALK_PAGE = 1024;
    /** How many times {@code updateExtended} reads again when a concurrent write changed the entry. */
    private static final int EXTENDED_ATTEMPTS = 16;

    private final FilerStore store;
    private final Clock clock;
    private final Runnable chunksQueued;
    private final ReentrantLock mutations = new ReentrantLock();

    /**
     * @param clock        stamps new directories
     * @param chunksQueued called (outside the lock) after a commit put chunks on the deletion queue
     */
    public Namespace(FilerStore store, Clock clock, Runnable chunksQueued) {
        this.store = store;
        this.clock = clock;
        this.chunksQueued = chunksQueued;
    }

    /**
     * The stream of changes to this namespace's tree (the store's change logs), polled every 200 ms while
     * a reader waits.
     */
    public ChangeFeed changeFeed() {
        return new ChangeFeed(store, clock, java.time.Duration.ofMillis(200));
    }

    /** How many change logs the store keeps (one per partition), the length of a change cursor. */
    public int changeLogs() {
        return store.changeLogs();
    }

    /** The entry at {@code path} (the root is a directory that always exists), or empty. */
    public Optional<Entry> find(FullPath path) {
        if (path.isRoot()) {
            return Optional.of(Entry.newDirectory(path, Instant.EPOCH));
        }
        return store.find(path);
    }

    /**
     * The entry at {@code path}.
     *
     * @throws HayloftException NOT_FOUND when there is none
     */
    public Entry lookup(FullPath path) {
        return find(path).orElseThrow(() -> HayloftException.notFound(path + ": no such file or directory"));
    }

    /**
     * A page of {@code directory}'s children in name order.
     *
     * @param startFileName list after this name ({@code inclusive}: from it); empty for the start
     * @param limit         page size, at least 1
     * @throws HayloftException NOT_FOUND for a missing directory, BAD_REQUEST when it is a file
     */
    public Listing list(FullPath directory, String startFileName, boolean inclusive, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        Entry dir = lookup(directory);
        HayloftException.checkArgument(dir.directory(), directory + " is not a directory");
        List<Entry> page = store.list(directory, startFileName == null ? "" : startFileName, inclusive, limit + 1);
        boolean more = page.size() > limit;
        List<Entry> entries = more ? page.subList(0, limit) : page;
        String last = entries.isEmpty() ? "" : entries.getLast().name();
        return new Listing(directory, entries, last, more);
    }

    /**
     * Creates {@code directory} and any missing parent, like {@code mkdir -p}.
     *
     * @return the directory's entry (the existing one when it was there already)
     * @throws HayloftException CONFLICT when it or a parent is a file
     */
    public Entry mkdirs(FullPath directory) {
        if (directory.isRoot()) {
            return lookup(directory);
        }
        if (store instanceof TreeOperations tree) {
            return tree.mkdirs(directory);
        }
        FilerStore.Durable durable;
        Entry result;
        mutations.lock();
        try {
            Mutation m = new Mutation();
            createParents(directory, m);
            Optional<Entry> existing = store.find(directory);
            if (existing.isPresent()) {
                if (!existing.get().directory()) {
                    throw conflict(directory + " exists and is a file");
                }
                durable = store.apply(m);
                result = existing.get();
            } else {
                result = Entry.newDirectory(directory, clock.instant());
                durable = store.apply(m.put(result));
            }
        } finally {
            mutations.unlock();
        }
        durable.await();
        return result;
    }

    /**
     * Checks that a file could be written at {@code path} now: it is not the root or a directory, and
     * no parent is a file. Called before uploading chunks, so a doomed write fails early.
     *
     * @throws HayloftException BAD_REQUEST for the root, CONFLICT otherwise
     */
    public void checkFileWritable(FullPath path) {
        HayloftException.checkArgument(!path.isRoot(), "cannot write a file at /");
        for (FullPath p : path.ancestors()) {
            Optional<Entry> e = store.find(p);
            if (e.isPresent() && !e.get().directory()) {
                throw conflict(p + " is a file, not a directory");
            }
        }
        if (store.find(path).map(Entry::directory).orElse(false)) {
            throw conflict(path + " is a directory");
        }
    }

    /**
     * Stores {@code file} at its path, creating parents, replacing any file there and queueing the
     * replaced file's chunks for deletion, in one atomic commit. The replaced file's creation time is
     * kept.
     *
     * @return the stored entry
     * @throws HayloftException CONFLICT when the path is a directory or a parent is a file
     */
    public Entry commitFile(Entry file) {
        return commitFile(file, List.of());
    }

    /**
     * {@link #commitFile(Entry)} that also clears the write's upload {@code intents} in the same commit;
     * an intent whose fid the file does not use (an upload retried with a fresh fid) goes onto the
     * deletion queue.
     */
    public Entry commitFile(Entry file, Collection<UploadIntent> intents) {
        HayloftException.checkArgument(!file.directory(), "commitFile takes a file entry");
        if (store instanceof TreeOperations tree) {
            Entry stored = tree.commitFile(file, intents);
            chunksQueued.run(); // it may have freed a replaced file's chunks
            return stored;
        }
        List<FileId> freed;
        Entry stored;
        FilerStore.Durable durable;
        mutations.lock();
        try {
            checkFileWritable(file.path());
            Mutation m = new Mutation();
            createParents(file.path(), m);
            Optional<Entry> old = store.find(file.path());
            stored = old.map(o -> file.withCrtime(o.crtime())).orElse(file);
            freed = new ArrayList<>(old.map(Namespace::fidsOf).orElse(List.of()));
            Set<FileId> used = new HashSet<>(fidsOf(file));
            intents.stream().map(UploadIntent::fid).filter(f -> !used.contains(f)).forEach(freed::add);
            durable = store.apply(m.put(stored).enqueueDeletion(freed).claimUploadIntents(intents));
        } finally {
            mutations.unlock();
        }
        durable.await();
        notifyQueued(freed.size());
        return stored;
    }

    /**
     * Replaces the user metadata (extended attributes) of the entry at {@code path}, file or directory,
     * with what {@code change} makes of the current ones, in one atomic commit under the mutation lock:
     * its bytes, chunks and times stay as they are, and no chunk is freed.
     *
     * @param change given the current metadata, returns the new (called once, under the lock; it may
     *               throw to refuse, and then nothing changes). Over a {@link TreeOperations} store it is
     *               called without a lock, again for each time the entry changed before the update
     *               was applied.
     * @return the stored entry
     * @throws HayloftException NOT_FOUND for a missing path; CONFLICT when, over a {@link TreeOperations}
     *                          store, the entry changed under every one of 16 attempts
     */
    public Entry updateExtended(FullPath path, UnaryOperator<Map<String, String>> change) {
        HayloftException.checkArgument(!path.isRoot(), "the root directory has no metadata");
        if (store instanceof TreeOperations tree) {
            for (int attempt = 1; ; attempt++) {
                Entry entry = lookup(path);
                Optional<Entry> stored = tree.updateExtended(entry, change.apply(entry.extended()));
                if (stored.isPresent()) {
                    return stored.get();
                }
                if (attempt == EXTENDED_ATTEMPTS) {
                    throw conflict(path + " kept changing while its metadata was updated (" + attempt
                            + " attempts): try again");
                }
            }
        }
        Entry updated;
        FilerStore.Durable durable;
        mutations.lock();
        try {
            Entry entry = lookup(path);
            updated = entry.withExtended(change.apply(entry.extended()));
            durable = store.apply(new Mutation().put(updated));
        } finally {
            mutations.unlock();
        }
        durable.await();
        return updated;
    }

    /**
     * Stores {@code file}, whose chunks are those of {@code sources} (files that already hold them), and
     * removes the sources, in one atomic commit: the chunks change owner, none is copied or freed. Any file
     * replaced at {@code file}'s path has its chunks queued for deletion (those {@code file} uses excepted),
     * as have the upload {@code intents}' fids that {@code file} does not use; the intents are cleared.
     * The multipart upload of the S3 gateway completes this way.
     *
     * @param sources the source entries as the caller read them: each must still be there unchanged
     *                (same chunks or content), else nothing is stored
     * @return the stored entry
     * @throws HayloftException CONFLICT when a source changed or went away since it was read, when the path
     *                          is a directory or a parent is a file
     */
    public Entry composeFile(Entry file, List<Entry> sources, Collection<UploadIntent> intents) {
        HayloftException.checkArgument(!file.directory(), "composeFile takes a file entry");
        if (store instanceof TreeOperations tree) {
            Entry stored = tree.composeFile(file, sources, intents);
            chunksQueued.run(); // it may have freed a replaced file's chunks
            return stored;
        }
        List<FileId> freed;
        Entry stored;
        FilerStore.Durable durable;
        mutations.lock();
        try {
            checkFileWritable(file.path());
            Mutation m = new Mutation();
            for (Entry source : sources) {
                Optional<Entry> now = store.find(source.path());
                if (now.isEmpty() || !now.get().chunks().equals(source.chunks())
                        || !Arrays.equals(now.get().content(), source.content())) {
                    throw conflict(source.path() + " changed while " + file.path() + " was composed from it");
                }
                if (!source.path().equals(file.path())) {
                    m.delete(source.path());
                }
            }
            createParents(file.path(), m);
            Optional<Entry> old = store.find(file.path());
            stored = old.map(o -> file.withCrtime(o.crtime())).orElse(file);
            Set<FileId> used = new HashSet<>(fidsOf(file));
            freed = new ArrayList<>(old.map(Namespace::fidsOf).orElse(List.of()));
            intents.stream().map(UploadIntent::fid).forEach(freed::add);
            freed.removeIf(used::contains);
            durable = store.apply(m.put(stored).enqueueDeletion(freed).claimUploadIntents(intents));
        } finally {
            mutations.unlock();
        }
        durable.await();
        notifyQueued(freed.size());
        return stored;
    }

    /**
     * Removes {@code path}; a directory with children only when {@code recursive}, then with its whole
     * subtree. Every chunk of every removed file goes onto the deletion queue in the same commit.
     *
     * @return how many entries were removed
     * @throws HayloftException BAD_REQUEST for the root, NOT_FOUND for a missing path, CONFLICT for a
     *                          non-empty directory without {@code recursive}
     */
    public int delete(FullPath path, boolean recursive) {
        HayloftException.checkArgument(!path.isRoot(), "cannot delete the root directory");
        if (store instanceof TreeOperations tree) {
            int removed = tree.delete(path, recursive);
            chunksQueued.run();
            return removed;
        }
        List<FileId> freed = new ArrayList<>();
        int removed;
        FilerStore.Durable durable;
        mutations.lock();
        try {
            Entry entry = lookup(path);
            List<Entry> doomed = new ArrayList<>();
            doomed.add(entry);
            if (entry.directory()) {
                boolean empty = store.list(path, "", true, 1).isEmpty();
                if (!empty && !recursive) {
                    throw conflict(path + " is a non-empty directory: delete it with recursive=true");
                }
                doomed.addAll(subtree(path));
            }
            Mutation m = new Mutation();
            for (Entry e : doomed) {
                m.delete(e.path());
                freed.addAll(fidsOf(e));
            }
            durable = store.apply(m.enqueueDeletion(freed));
            removed = doomed.size();
        } finally {
            mutations.unlock();
        }
        durable.await();
        notifyQueued(freed.size());
        return removed;
    }

    /**
     * Moves {@code from} to {@code to} atomically, with its whole subtree for a directory, like
     * {@code mv}: when {@code to} is an existing directory, {@code from} moves into it under its own
     * name. A file replaces a file at the target (whose chunks are queued for deletion); missing parents
     * of the target are created.
     *
     * @return the moved entry at its new path
     * @throws HayloftException BAD_REQUEST for moving the root or a directory into itself, NOT_FOUND
     *                          when {@code from} is missing, CONFLICT when the target is a directory (or a
     *                          file replaced by a directory) or a parent of it is a file
     */
    public Entry rename(FullPath from, FullPath to) {
        HayloftException.checkArgument(!from.isRoot(), "cannot move the root directory");
        if (store instanceof TreeOperations tree) {
            Entry moved = tree.rename(from, to);
            chunksQueued.run();
            return moved;
        }
        List<FileId> freed;
        Entry moved;
        FilerStore.Durable durable;
        mutations.lock();
        try {
            Entry source = lookup(from);
            FullPath target = to;
            Optional<Entry> existing = find(target);
            if (existing.isPresent() && existing.get().directory() && !target.equals(from)) {
                target = target.child(from.name());
                existing = find(target);
            }
            if (target.equals(from)) {
                return source;
            }
            if (source.directory() && from.isAncestorOf(target)) {
                throw HayloftException.badRequest("cannot move directory " + from + " into itself (" + target + ")");
            }
            if (existing.isPresent() && (existing.get().directory() || source.directory())) {
                throw conflict("cannot move " + from + " onto existing " + target);
            }
            for (FullPath p : target.ancestors()) {
                if (store.find(p).map(e -> !e.directory()).orElse(false)) {
                    throw conflict(p + " is a file, not a directory");
                }
            }
            Mutation m = new Mutation();
            createParents(target, m);
            freed = existing.map(Namespace::fidsOf).orElse(List.of());
            moved = source.withPath(target);
            m.delete(from).put(moved);
            if (source.directory()) {
                for (Entry child : subtree(from)) {
                    m.delete(child.path()).put(child.withPath(child.path().rebase(from, target)));
                }
            }
            durable = store.apply(m.enqueueDeletion(freed));
        } finally {
            mutations.unlock();
        }
        durable.await();
        notifyQueued(freed.size());
        return moved;
    }

    /** Adds every missing ancestor of {@code path} to {@code m}; fails when one is a file. */
    private void createParents(FullPath path, Mutation m) {
        Instant now = clock.instant();
        for (FullPath p : path.ancestors()) {
            Optional<Entry> e = store.find(p);
            if (e.isEmpty()) {
                m.put(Entry.newDirectory(p, now));
            } else if (!e.get().directory()) {
                throw conflict(p + " is a file, not a directory");
            }
        }
    }

    /** Every entry strictly inside {@code directory}, breadth first. */
    private List<Entry> subtree(FullPath directory) {
        List<Entry> out = new ArrayList<>();
        Deque<FullPath> dirs = new ArrayDeque<>();
        dirs.add(directory);
        while (!dirs.isEmpty()) {
            FullPath dir = dirs.poll();
            String after = "";
            while (true) {
                List<Entry> page = store.list(dir, after, false, WALK_PAGE);
                for (Entry e : page) {
                    out.add(e);
                    if (e.directory()) {
                        dirs.add(e.path());
                    }
                }
                if (page.size() < WALK_PAGE) {
                    break;
                }
                after = page.getLast().name();
            }
        }
        return out;
    }

    private static List<FileId> fidsOf(Entry e) {
        return e.chunks().stream().map(FileChunk::fid).toList();
    }

    private void notifyQueued(int count) {
        if (count > 0) {
            chunksQueued.run();
        }
    }

    private static HayloftException conflict(String message) {
        return new HayloftException(ErrorCode.CONFLICT, message);
    }
}
