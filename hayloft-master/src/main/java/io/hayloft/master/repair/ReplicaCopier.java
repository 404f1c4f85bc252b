package io.hayloft.master.repair;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.topology.SlotReservation;
import io.hayloft.master.topology.Topology;
import java.time.Duration;

/**
 * Makes one new replica of a volume and brings it up to date:
 *
 * <pre>
 *   reserve a slot on the target ─► target pulls the volume from the source (POST copy, throttled)
 *     ─► wait until the target's heartbeat lists it ─► free the slot ─► target syncs with every replica
 * </pre>
 *
 * The caller withholds the volume from assignments around the call ({@link Topology#holdWrites}),
 * so only deletes and late writes reach the source during the copy; the sync carries them over.
 * Every copy counts in {@link RepairMetrics} as done or failed.
 * Thread-safe; blocks for the whole copy (call from a virtual thread).
 */
public final class ReplicaCopier {
    private final Topology topology;
    private final VolumeServerAdmin admin;
    private final int mbps;
    private final Duration heartbeatWait;
    private final RepairMetrics metrics;

    /**
     * @param mbps          read rate limit of the copy, MiB/s, 0 for unthrottled
     * @param heartbeatWait how long the target may take to list the copy in a heartbeat
     * @param metrics       counts each copy, done or failed
     */
    public ReplicaCopier(Topology topology, VolumeServerAdmin admin, int mbps, Duration heartbeatWait,
                         RepairMetrics metrics) {
        this.topology = topology;
        this.admin = admin;
        this.mbps = mbps;
        this.heartbeatWait = heartbeatWait;
        this.metrics = metrics;
    }

    /**
     * Copies volume {@code id} from {@code source} to {@code target} and syncs the copy.
     *
     * @return the bytes copied
     * @throws HayloftException {@code NOT_ACCEPTABLE} when the target has no free slot; the volume
     *                          server's failure ({@code CONFLICT}, {@code UNAVAILABLE}, ...); {@code
     *                          UNAVAILABLE} when the copy does not show in the target's heartbeats in time
     *                          or its sync fails (the copy then exists but may lack recent deletes)
     */
    public long copy(VolumeId id, String source, String target) {
        try {
            long bytes = copyAndSync(id, source, target);
            metrics.copy(true);
            return bytes;
        } catch (RuntimeException e) {
            metrics.copy(false);
            throw e;
        }
    }

    private long copyAndSync(VolumeId id, String source, String target) {
        SlotReservation slot = topology.reserveSlot(target).orElseThrow(() -> new HayloftException(
                ErrorCode.NOT_ACCEPTABLE, "volume server " + target + " has no free slot for volume " + id));
        long bytes;
        try {
            bytes = admin.copy(target, id, source, mbps);
            boolean listed;
            try {
                listed = topology.awaitReplica(id, target, heartbeatWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted waiting for " + target
                        + " to report volume " + id);
            }
            if (!listed) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " was copied to " + target
                        + " but its heartbeats did not list it within " + heartbeatWait.toMillis() + " ms");
            }
        } finally {
            topology.release(slot);
        }
        try {
            admin.sync(target, id);
        } catch (HayloftException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " was copied to " + target
                    + " but its sync failed: " + e.getMessage(), e);
        }
        return bytes;
    }
}
