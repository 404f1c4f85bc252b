package io.hayloft.client;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.PathQuery;

/**
 * What to ask {@link MasterApi#ASSIGN} for. Null or empty fields leave the choice to the master.
 *
 * @param count       how many consecutive keys to reserve ({@code fid}, {@code fid_1} ... {@code fid_{count-1}}), 1 or more
 * @param collection  collection to write into, or null for the default one
 * @param replication replica placement, or null for the master's {@code -defaultReplication}
 * @param ttl         time to live, or null / {@link Ttl#NONE} for none
 * @param dataCenter  preferred data center, or null for any
 */
public record AssignRequest(int count, String collection, ReplicaPlacement replication, Ttl ttl, String dataCenter) {
    public AssignRequest {
        HayloftException.checkArgument(count >= 1, "assign count must be at least 1, got " + count);
    }

    /** One key, the master's defaults for everything else. */
    public static AssignRequest single() {
        return new AssignRequest(1, null, null, null, null);
    }

    public AssignRequest withCount(int n) {
        return new AssignRequest(n, collection, replication, ttl, dataCenter);
    }

    public AssignRequest withCollection(String c) {
        return new AssignRequest(count, c, replication, ttl, dataCenter);
    }

    public AssignRequest withReplication(ReplicaPlacement r) {
        return new AssignRequest(count, collection, r, ttl, dataCenter);
    }

    public AssignRequest withTtl(Ttl t) {
        return new AssignRequest(count, collection, replication, t, dataCenter);
    }

    public AssignRequest withDataCenter(String dc) {
        return new AssignRequest(count, collection, replication, ttl, dc);
    }

    /** The TTL to pass on upload, or null when there is none. */
    Ttl effectiveTtl() {
        return ttl == null || ttl.isNone() ? null : ttl;
    }

    /** The {@link MasterApi#ASSIGN} request with every set parameter. */
    PathQuery toQuery() {
        return MasterApi.ASSIGN.query().param(MasterApi.COUNT, count)
                .paramIfSet(MasterApi.COLLECTION, collection)
                .paramIfSet(MasterApi.REPLICATION, replication)
                .paramIfSet(MasterApi.TTL, effectiveTtl())
                .paramIfSet(MasterApi.DATA_CENTER, dataCenter);
    }
}
