package io.hayloft.master.growth;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.PlacementConstraint;
import io.hayloft.master.topology.SlotReservation;
import io.hayloft.master.topology.Topology;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates new volumes for a layout: reserves slots in the {@link Topology}, takes a volume id from
 * Raft, allocates the volume on every chosen node and registers the locations at once.
 *
 * <pre>
 *   reserve slots ─► next volume id (raft) ─► POST allocate on each node ─► commit to layout
 *          └──────────── on failure: release slots ◄────────────┘
 * </pre>
 *
 * <p>A {@link GrowthWarmup} holds growth back (503) until a master new to the group has heard
 * from the volume servers, so a fresh leader never grows beside volumes it does not know yet.
 *
 * <p>Thread-safe. Growth is serialized per layout ({@link #growIfNoneWritable} lets a burst of
 * assigns grow once); different layouts grow in parallel. Blocks on Raft and volume servers.
 */
public final class VolumeGrowth {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeGrowth.class);

    private final Topology topology;
    private final VolumeIdSource ids;
    private final VolumeServerAdmin admin;
    private final GrowthWarmup warmup;
    private final ConcurrentHashMap<LayoutKey, ReentrantLock> layoutLocks = new ConcurrentHashMap<>();

    /** Growth without a warm-up (a master alone). */
    public VolumeGrowth(Topology topology, VolumeIdSource ids, VolumeServerAdmin admin) {
        this(topology, ids, admin, GrowthWarmup.none(java.time.Clock.systemUTC()));
    }

    /**
     * @param warmup holds growth back until the topology has heard from every volume server
     */
    public VolumeGrowth(Topology topology, VolumeIdSource ids, VolumeServerAdmin admin, GrowthWarmup warmup) {
        this.topology = topology;
        this.ids = ids;
        this.admin = admin;
        this.warmup = warmup;
    }

    /**
     * How many volumes to grow when a layout has none writable, as SeaweedFS does:
     * 1 copy → 7, 2 copies → 6, 3 copies → 3, more → 1.
     */
    public static int autoCount(int copies) {
        return switch (copies) {
            case 1 -> 7;
            case 2 -> 6;
            case 3 -> 3;
            default -> 1;
        };
    }

    /**
     * How many free slots one automatic growth may take at most once other layouts share the
     * topology: an eighth, so that a layout never takes the room dozens of other layouts need (on
     * 64 free slots the first layouts grow 7 volumes, later ones fewer, the last ones one each).
     */
    public static final int GROWTH_SHARE = 8;

    /**
     * How many volumes an automatic growth creates. The first layout of a topology grows
     * {@link #autoCount} (as many as fit: seed 001's {@code -max=5} server gives all five to
     * {@code pictures}); once other layouts hold volumes, fewer when slots are scarce: at most
     * {@code freeSlots / (copies * GROWTH_SHARE)}, and at least one.
     *
     * @param copies       replicas per volume
     * @param freeSlots    free slots in the whole topology now
     * @param otherLayouts whether other layouts already hold volumes
     */
    public static int autoCount(int copies, int freeSlots, boolean otherLayouts) {
        if (!otherLayouts) {
            return autoCount(copies);
        }
        return Math.max(1, Math.min(autoCount(copies), freeSlots / (copies * GROWTH_SHARE)));
    }

    /**
     * Grows up to {@code count} volumes (as many as fit, at least one).
     *
     * @param count volumes wanted; 0 means {@link #autoCount(int, int, boolean)}
     * @return how many were created, at least 1
     * @throws HayloftException {@code NOT_ACCEPTABLE} when not even one fits (the placement's reason),
     *                          {@code UNAVAILABLE} during the warm-up or when Raft or the first volume
     *                          server fails
     */
    public int grow(LayoutKey key, int count, PlacementConstraint constraint) {
        ReentrantLock lock = layoutLocks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return growLocked(key, count, constraint);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Grows {@code count} volumes (0 = {@link #autoCount(int, int, boolean)}) unless, once this layout's growth lock
     * is held, a writable volume the constraint admits exists (a concurrent caller grew it).
     *
     * @return volumes created (0 when another caller already grew)
     * @throws HayloftException as {@link #grow}
     */
    public int growIfNoneWritable(LayoutKey key, int count, PlacementConstraint constraint) {
        ReentrantLock lock = layoutLocks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            if (topology.pickWritable(key, constraint).isPresent()) {
                return 0;
            }
            return growLocked(key, count, constraint);
        } finally {
            lock.unlock();
        }
    }

    private int growLocked(LayoutKey key, int count, PlacementConstraint constraint) {
        warmup.check();
        int target = count > 0 ? count
                : autoCount(key.replication().copies(), topology.freeSlots(), topology.hasOtherLayoutsThan(key));
        int grown = 0;
        for (int i = 0; i < target; i++) {
            SlotReservation reservation;
            try {
                reservation = topology.reserve(key.replication(), constraint);
            } catch (HayloftException e) {
                if (grown == 0) {
                    throw e;
                }
                break;
            }
            try {
                VolumeId id = ids.nextVolumeId();
                for (String node : reservation.urls()) {
                    admin.allocate(node, id, key);
                }
                topology.commitGrowth(reservation, id, key);
                grown++;
                LOG.info("grew volume {} for {} on {}", id, key, reservation.urls());
            } catch (HayloftException e) {
                topology.release(reservation);
                if (grown == 0) {
                    throw e;
                }
                LOG.warn("growth for {} stopped after {} volumes: {}", key, grown, e.getMessage());
                break;
            }
        }
        return grown;
    }
}
