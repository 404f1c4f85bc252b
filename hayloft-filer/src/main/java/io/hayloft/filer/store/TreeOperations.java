package io.hayloft.filer.store;

import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FilerStore} that applies the namespace's tree operations itself, each checked and applied as
 * one atomic step where the data lives (a partition's Raft entry), instead of the namespace reading the
 * tree and committing a {@link Mutation} under its own lock: with several filer servers in front of one
 * store, no process-local lock orders their writes. The semantics (and failures) are exactly those of
 * {@code namespace.Namespace}'s methods of the same names. {@code Namespace} delegates to these when its
 * store implements them.
 *
 * <p>Thread-safe; every method blocks.
 */
public interface TreeOperations {
    /** {@code mkdir -p}, as {@code Namespace.mkdirs}. */
    Entry mkdirs(FullPath directory);

    /** Stores a file, as {@code Namespace.commitFile(file, intents)}. */
    Entry commitFile(Entry file, Collection<UploadIntent> intents);

    /** Removes an entry (a directory with its subtree when {@code recursive}), as {@code Namespace.delete}. */
    int delete(FullPath path, boolean recursive);

    /** Moves a file or a directory tree, as {@code Namespace.rename}. */
    Entry rename(FullPath from, FullPath to);

    /**
     * Stores a file made of its sources' chunks and removes the sources, as {@code Namespace.composeFile}
     * (S3's "complete a multipart upload"): each source must still be there as the caller read it.
     */
    Entry composeFile(Entry file, List<Entry> sources, Collection<UploadIntent> intents);

    /**
     * Replaces the extended attributes of {@code current} (the entry as the caller read it) with
     * {@code extended}, when the entry at its path is still exactly {@code current}; its bytes, chunks and
     * times stay as they are.
     *
     * @return the stored entry, or empty when the entry changed since it was read (the caller reads it
     *         again and retries)
     * @throws io.hayloft.api.HayloftException NOT_FOUND when nothing is at the path any more
     */
    Optional<Entry> updateExtended(Entry current, Map<String, String> extended);
}
