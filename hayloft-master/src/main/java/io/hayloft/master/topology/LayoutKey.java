package io.hayloft.master.topology;

import io.hayloft.api.Collections;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;

/**
 * What makes volumes interchangeable for a write: same collection, replication and TTL. Each key
 * has one {@link VolumeLayout}.
 *
 * @param collection  collection name, "" for the default
 * @param replication replica placement
 * @param ttl         volume TTL, {@link Ttl#NONE} for none
 */
public record LayoutKey(String collection, ReplicaPlacement replication, Ttl ttl) {
    public LayoutKey {
        collection = Collections.check(collection);
        if (replication == null || ttl == null) {
            throw new IllegalArgumentException("replication and ttl are required");
        }
    }

    @Override
    public String toString() {
        return "collection '" + collection + "' replication " + replication
                + (ttl.isNone() ? "" : " ttl " + ttl);
    }
}
