package io.hayloft.filer.store;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of changes a {@link FilerStore} applies atomically: entries to delete, entries to put, chunk
 * fids to put on the deletion queue, upload intents to clear (see {@link UploadIntent}). Deletes are applied before puts, so a mutation may delete a path
 * and put a new entry at it. Not thread-safe: build it on one thread, then commit it.
 */
public final class Mutation {
    private final List<FullPath> deletes = new ArrayList<>();
    private final List<Entry> puts = new ArrayList<>();
    private final List<FileId> deletions = new ArrayList<>();
    private final List<UploadIntent> clearedIntents = new ArrayList<>();
    private final List<UploadIntent> claimedIntents = new ArrayList<>();

    /** Puts {@code entry}, replacing what is at its path. Returns this mutation. */
    public Mutation put(Entry entry) {
        HayloftException.checkArgument(entry != null && !entry.path().isRoot(), "cannot store the root entry");
        puts.add(entry);
        return this;
    }

    /** Deletes the entry at {@code path} (only that entry, not its children). Returns this mutation. */
    public Mutation delete(FullPath path) {
        HayloftException.checkArgument(path != null && !path.isRoot(), "cannot delete the root entry");
        deletes.add(path);
        return this;
    }

    /** Queues {@code fids} for deletion from the volume servers. Returns this mutation. */
    public Mutation enqueueDeletion(Collection<FileId> fids) {
        deletions.addAll(fids);
        return this;
    }

    /**
     * Removes {@code intents} from the store's upload intents (unknown ones are ignored): the write
     * they belonged to commits (or gives up) in this mutation. Returns this mutation.
     */
    public Mutation clearUploadIntents(Collection<UploadIntent> intents) {
        clearedIntents.addAll(intents);
        return this;
    }

    /**
     * Removes {@code intents}, which must all still be recorded: when one is gone (a filer swept it as
     * stale and queued its chunk for deletion) the store applies nothing of this mutation and throws
     * CONFLICT. Of a write's commit and a sweep that race for the same intent, exactly one wins.
     * Returns this mutation.
     */
    public Mutation claimUploadIntents(Collection<UploadIntent> intents) {
        claimedIntents.addAll(intents);
        return this;
    }

    public List<FullPath> deletes() {
        return List.copyOf(deletes);
    }

    public List<Entry> puts() {
        return List.copyOf(puts);
    }

    public List<FileId> enqueuedDeletions() {
        return List.copyOf(deletions);
    }

    public List<UploadIntent> clearedUploadIntents() {
        return List.copyOf(clearedIntents);
    }

    public List<UploadIntent> claimedUploadIntents() {
        return List.copyOf(claimedIntents);
    }

    public boolean isEmpty() {
        return deletes.isEmpty() && puts.isEmpty() && deletions.isEmpty() && clearedIntents.isEmpty()
                && claimedIntents.isEmpty();
    }
}
