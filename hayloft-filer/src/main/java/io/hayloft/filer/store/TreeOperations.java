package io.hayloft.filer.store;

import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import java.util.Collection;

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
}
