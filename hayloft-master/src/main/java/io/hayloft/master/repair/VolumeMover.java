package io.hayloft.master.repair;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.WriteHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one replica of a volume from one server to another ({@code POST /vol/move}, the balancer):
 *
 * <pre>
 *   check ─► mark busy ─► hold writes ─► ReplicaCopier.copy (copy, heartbeat, sync)
 *         ─► delete on the source, forget its location ─► give writes back ─► unmark
 * </pre>
 *
 * A failed copy or sync leaves the source in place (the volume keeps its replicas). Thread-safe;
 * blocks for the whole copy (call from a virtual thread).
 */
public final class VolumeMover {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeMover.class);

    private final Topology topology;
    private final VolumeServerAdmin admin;
    private final ReplicaCopier copier;
    private final BusyVolumes busy;

    public VolumeMover(Topology topology, VolumeServerAdmin admin, ReplicaCopier copier, BusyVolumes busy) {
        this.topology = topology;
        this.admin = admin;
        this.copier = copier;
        this.busy = busy;
    }

    /**
     * Moves the replica of volume {@code id} on {@code source} to {@code target}.
     *
     * @throws HayloftException {@code BAD_REQUEST} when source and target are the same or the move
     *                          breaks the placement; {@code NOT_FOUND} for an unknown volume or server,
     *                          or a source without the volume; {@code CONFLICT} when the target holds
     *                          it or the volume is being copied or moved; {@code NOT_ACCEPTABLE} when
     *                          the target has no free slot; the copy's failure otherwise
     */
    public MoveResult move(VolumeId id, String source, String target) {
        check(ClusterView.of(topology), id, source, target);
        busy.mark(id);
        try (WriteHold hold = topology.holdWrites(id)) {
            long bytes = copier.copy(id, source, target);
            try {
                admin.delete(source, id);
            } catch (HayloftException e) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " was copied to " + target
                        + " but deleting it from " + source + " failed (the repair pass removes the surplus replica): "
                        + e.getMessage(), e);
            }
            topology.dropReplica(id, source);
            LOG.info("moved volume {} from {} to {} ({} bytes)", id, source, target, bytes);
            return new MoveResult(id.value(), source, target, bytes);
        } finally {
            busy.release(id);
        }
    }

    /**
     * Checks a move against {@code view} without doing it.
     *
     * @throws HayloftException as {@link #move}, before anything is changed
     */
    static void check(ClusterView view, VolumeId id, String source, String target) {
        HayloftException.checkArgument(!source.equals(target), "source and target are the same server " + source);
        VolumeView v = view.volume(id).orElseThrow(() -> HayloftException.notFound("volume " + id + " not found"));
        view.node(source).orElseThrow(() -> HayloftException.notFound("volume server " + source + " not found"));
        NodeView to = view.node(target)
                .orElseThrow(() -> HayloftException.notFound("volume server " + target + " not found"));
        if (!v.isOn(source)) {
            throw HayloftException.notFound("volume " + id + " is not on " + source + "; its replicas are on "
                    + v.urls());
        }
        if (v.isOn(target)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is on " + target + " already");
        }
        if (breaksPlacement(v, source, to)) {
            throw HayloftException.badRequest("moving volume " + id + " from " + source + " to " + target
                    + " breaks its replication " + v.key().replication() + " (replicas on " + v.urls() + ")");
        }
        if (to.freeSlots() <= 0) {
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "volume server " + target + " has no free slot");
        }
    }

    /** True when the replicas kept the placement before the move and would not after it. */
    static boolean breaksPlacement(VolumeView v, String source, NodeView target) {
        return PlacementRules.fits(v.nodes(), v.key().replication())
                && !PlacementRules.fits(PlacementRules.afterMove(v.nodes(), source, target), v.key().replication());
    }
}
