package io.hayloft.master.assign;

import io.hayloft.api.HayloftException;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.PlacementConstraint;

/**
 * What an assign asks for.
 *
 * @param key         collection, replication and TTL of the volume to write to
 * @param count       consecutive keys to reserve, 1..{@value #MAX_COUNT}
 * @param constraint  where the first replica must be
 * @param growthCount volumes to grow when none is writable; 0 = the SeaweedFS default for the copy count
 */
public record AssignRequest(LayoutKey key, int count, PlacementConstraint constraint, int growthCount) {
    /** Most keys one assign may reserve. */
    public static final int MAX_COUNT = 100_000;

    public AssignRequest {
        HayloftException.checkArgument(count >= 1 && count <= MAX_COUNT,
                "count must be 1.." + MAX_COUNT + ", got " + count);
        HayloftException.checkArgument(growthCount >= 0, "writableVolumeCount must not be negative");
    }
}
