package io.hayloft.filer.rules;

import io.hayloft.api.Collections;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.entry.FullPath;

/**
 * The settings for files under one directory. Every setting is optional; an unset one falls through
 * to the filer's default.
 *
 * @param prefix      the directory the rule covers, itself and everything below it ({@code /} covers all)
 * @param collection  collection of the chunks, or empty for "not set"
 * @param replication replica placement of the chunks, or null for "not set"
 * @param ttl         time to live, or null for "not set"
 * @param chunkSize   chunk size in bytes, or 0 for "not set"
 */
public record PathRule(FullPath prefix, String collection, ReplicaPlacement replication, Ttl ttl, int chunkSize) {
    /** Largest chunk size a rule may set: the same bound as a request's {@code maxMB}. */
    public static final int MAX_CHUNK_SIZE = 256 << 20;

    public PathRule {
        HayloftException.checkArgument(prefix != null, "a rule needs a prefix");
        collection = collection == null || collection.isEmpty() ? "" : Collections.check(collection);
        HayloftException.checkArgument(chunkSize >= 0 && chunkSize <= MAX_CHUNK_SIZE,
                "a rule's chunk size must be 0.." + MAX_CHUNK_SIZE + " bytes, got " + chunkSize);
    }

    /** A rule for {@code prefix} that sets nothing: what paths no rule covers get. */
    public static PathRule none(FullPath prefix) {
        return new PathRule(prefix, "", null, null, 0);
    }

    /** Whether {@code path} is the prefix directory itself or lies below it. */
    public boolean covers(FullPath path) {
        return path.equals(prefix) || prefix.isAncestorOf(path);
    }

    /** {@code defaults} with each setting this rule sets replaced by the rule's. */
    public StoragePolicy applyTo(StoragePolicy defaults) {
        return new StoragePolicy(collection.isEmpty() ? defaults.collection() : collection,
                replication == null ? defaults.replication() : replication,
                ttl == null ? defaults.ttl() : ttl);
    }

    /** This rule's chunk size, or {@code defaultChunkSize} when it sets none. */
    public int chunkSizeOr(int defaultChunkSize) {
        return chunkSize == 0 ? defaultChunkSize : chunkSize;
    }
}
