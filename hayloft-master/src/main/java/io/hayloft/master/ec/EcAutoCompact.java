package io.hayloft.master.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader compacting erasure-coded volumes by itself, on the vacuum's rule ({@code -garbageThreshold}): each
 * pass (the vacuum loop's, every {@code -vacuumIntervalMinutes}) asks one holder of each erasure-coded volume
 * with all its shards for its garbage ratio and compacts ({@link EcCompaction}) the first whose ratio reaches
 * the threshold, one volume a pass. A volume whose compaction fails is left alone for {@link #RETRY_AFTER}.
 * Thread-safe; a pass blocks for the compaction (call it from the leader's background loop).
 */
public final class EcAutoCompact {
    /** How long a volume whose automatic compaction failed is left alone. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(EcAutoCompact.class);

    private final Topology topology;
    private final EcCompaction compaction;
    private final EcGenerationAdmin admin;
    private final BusyVolumes busy;
    private final Clock clock;
    private final Map<VolumeId, Instant> failedAt = new HashMap<>();

    public EcAutoCompact(Topology topology, EcCompaction compaction, EcGenerationAdmin admin, BusyVolumes busy,
                         Clock clock) {
        this.topology = topology;
        this.compaction = compaction;
        this.admin = admin;
        this.busy = busy;
        this.clock = clock;
    }

    /**
     * One pass: compacts at most one erasure-coded volume whose garbage ratio is at least {@code threshold}.
     *
     * @return the volume compacted, if one was
     */
    public synchronized Optional<VolumeId> pass(double threshold) {
        Instant now = clock.instant();
        failedAt.values().removeIf(t -> !t.plus(RETRY_AFTER).isAfter(now));
        for (Topology.EcVolumeView v : topology.ecVolumes().values()) {
            if (failedAt.containsKey(v.id()) || busy.snapshot().contains(v.id())
                    || Long.bitCount(v.presentBits()) < EcEncoding.TOTAL_SHARDS) {
                continue;
            }
            List<DataNode> nodes = v.nodes();
            double ratio;
            try {
                ratio = admin.status(nodes.getFirst().url(), v.id()).garbageRatio();
            } catch (HayloftException e) {
                continue; // that holder is away: the next pass asks again
            }
            if (ratio < threshold) {
                continue;
            }
            try {
                EcCompactReport r = compaction.compact(v.id(), null, true);
                LOG.info("erasure-coded volume {} compacted automatically (garbage ratio {} >= {}): {} -> {} "
                        + "bytes per shard", v.id(), ratio, threshold, r.shardSizeBefore(), r.shardSizeAfter());
                return Optional.of(v.id());
            } catch (HayloftException e) {
                failedAt.put(v.id(), now);
                LOG.warn("automatic compaction of erasure-coded volume {} failed: {}", v.id(), e.getMessage());
            }
        }
        return Optional.empty();
    }
}
