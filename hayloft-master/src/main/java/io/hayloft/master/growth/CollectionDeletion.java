package io.hayloft.master.growth;

import io.hayloft.api.HayloftException;
import io.hayloft.master.topology.Topology;
import java.util.List;

/**
 * Deletes a collection: every volume of it on every node, then its layouts. Thread-safe; blocks
 * on the volume servers.
 */
public final class CollectionDeletion {
    private final Topology topology;
    private final VolumeServerAdmin admin;

    public CollectionDeletion(Topology topology, VolumeServerAdmin admin) {
        this.topology = topology;
        this.admin = admin;
    }

    /**
     * Deletes {@code collection}.
     *
     * @return how many volume replicas were deleted
     * @throws HayloftException {@code BAD_REQUEST} "collection X does not exist" when unknown (as
     *                          SeaweedFS answers); {@code UNAVAILABLE} when a volume server fails,
     *                          leaving the layouts in place so the call can be retried
     */
    public int delete(String collection) {
        HayloftException.checkArgument(topology.hasCollection(collection),
                "collection " + collection + " does not exist");
        List<Topology.VolumeOnNode> replicas = topology.volumesOf(collection);
        for (Topology.VolumeOnNode r : replicas) {
            admin.delete(r.nodeUrl(), r.volumeId());
        }
        topology.dropCollection(collection);
        return replicas.size();
    }
}
