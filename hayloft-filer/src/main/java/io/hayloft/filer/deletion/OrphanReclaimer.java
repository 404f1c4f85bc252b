package io.hayloft.filer.deletion;

import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.UploadIntent;
import java.util.List;

/**
 * Finds the chunks of writes that never committed (the filer died between uploading a chunk and
 * committing its entry) and queues them for deletion. Such chunks are exactly the upload intents a
 * filer left behind: run {@link #reclaim} when the filer starts, before it accepts writes, so every
 * intent of its own is from a previous life.
 */
public final class OrphanReclaimer {
    /** Intents moved per commit. */
    static final int BATCH = 1000;

    private OrphanReclaimer() {
    }

    /**
     * Moves every upload intent of {@code owner} onto the deletion queue, in atomic batches (a crash
     * midway leaves the rest for the next start).
     *
     * @return how many orphaned chunks were queued
     */
    public static int reclaim(FilerStore store, String owner) {
        int total = 0;
        while (true) {
            List<UploadIntent> intents = store.uploadIntents(owner, BATCH);
            if (intents.isEmpty()) {
                return total;
            }
            store.commit(new Mutation().enqueueDeletion(intents.stream().map(UploadIntent::fid).toList())
                    .clearUploadIntents(intents));
            total += intents.size();
        }
    }
}
