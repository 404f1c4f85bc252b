package io.hayloft.filer;

import io.hayloft.filer.chunk.ChunkReader;
import io.hayloft.filer.chunk.FileUploader;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.rules.PathRule;
import io.hayloft.filer.rules.PathRules;

/**
 * A running filer's services for a caller in the same process (the S3 gateway of {@code hayloft server}):
 * the same namespace, uploader and reader its HTTP handlers call, and the write defaults they apply, so
 * that a file written through these is the file an HTTP write would have stored. Obtained from
 * {@link FilerServer#services()}; valid until the server is closed.
 *
 * <p>Thread-safe (immutable; the services are). Their methods block: call from virtual threads.
 *
 * @param namespace the directory tree (find, list, mkdirs, rename, delete)
 * @param uploader  streams a file's content into chunks and commits its entry
 * @param reader    streams a byte range of a file's content
 * @param defaults  collection, replication and TTL when neither the caller nor a path rule names one
 * @param chunkSize chunk size in bytes when no path rule sets one
 * @param rules     per path prefix settings
 * @param masters   the masters this filer writes through ({@code host:port})
 */
public record FilerServices(Namespace namespace, FileUploader uploader, ChunkReader reader, StoragePolicy defaults,
                            int chunkSize, PathRules rules, java.util.List<String> masters) {
    /**
     * Where the chunks of a file written at {@code path} go, as the HTTP API decides it for a write that
     * names {@code collection} and nothing else: the caller's collection (when not empty) over the path's
     * rule over the filer's defaults.
     *
     * @throws io.hayloft.api.HayloftException BAD_REQUEST for an invalid collection name
     */
    public StoragePolicy policy(FullPath path, String collection) {
        StoragePolicy base = rules.match(path).applyTo(defaults);
        return collection == null || collection.isEmpty() ? base
                : new StoragePolicy(collection, base.replication(), base.ttl());
    }

    /** The chunk size of a file written at {@code path}: its rule's, or the filer's default. */
    public int chunkSize(FullPath path) {
        PathRule rule = rules.match(path);
        return rule.chunkSizeOr(chunkSize);
    }
}
