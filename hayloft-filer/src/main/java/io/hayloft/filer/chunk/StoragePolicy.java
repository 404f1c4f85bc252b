package io.hayloft.filer.chunk;

import io.hayloft.api.Collections;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;

/**
 * Where and how long a file's chunks are kept.
 *
 * @param collection  the collection to write into, or empty for the default one
 * @param replication replica placement, or null for the master's default
 * @param ttl         time to live, {@link Ttl#NONE} for none
 */
public record StoragePolicy(String collection, ReplicaPlacement replication, Ttl ttl) {
    public StoragePolicy {
        collection = collection == null || collection.isEmpty() ? "" : Collections.check(collection);
        ttl = ttl == null ? Ttl.NONE : ttl;
    }

    /** The master's defaults for everything. */
    public static StoragePolicy defaults() {
        return new StoragePolicy("", null, Ttl.NONE);
    }
}
