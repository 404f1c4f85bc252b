package io.hayloft.volume.scrub;

import io.hayloft.api.HayloftException;
import io.hayloft.storage.ec.EcShardRebuilder;
import io.hayloft.storage.ec.ShardSource;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.throttle.ByteRateThrottle;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrub of the shards one server holds of one erasure-coded volume: every block of every shard held
 * here is read and checked against its CRC-32C in the {@code .ecm}; a block that fails is rebuilt from
 * ten good copies of it among the other shards (here or fetched from the other holders) and rewritten in
 * place ({@link EcShardRebuilder#repairBlock}). Stateless; blocking (call from a virtual thread).
 */
final class ShardScrub {
    private static final Logger LOG = LoggerFactory.getLogger(ShardScrub.class);

    private final ScrubMetrics metrics;

    ShardScrub(ScrubMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Checks (and repairs) every block of the shards of {@code mount} held here.
     *
     * @param throttle rate to keep, or null for none
     * @param stop     true once the pass should end (checked before each block)
     * @return what it found, as a one-volume report with shard counts only
     */
    ScrubReport scrub(EcMount mount, ByteRateThrottle throttle, BooleanSupplier stop) {
        int small = mount.metadata().layout().smallBlock();
        byte[] buffer = new byte[small];
        EcShardRebuilder rebuilder = new EcShardRebuilder(mount.metadata());
        ShardSource here = mount.localShards();
        long blocks = 0;
        long corrupt = 0;
        long repaired = 0;
        for (int shard = 0; shard < mount.metadata().totalShards(); shard++) {
            for (int block = 0; block < mount.metadata().blocksPerShard() && here.has(shard); block++) {
                if (stop.getAsBoolean()) {
                    return report(blocks, corrupt, repaired);
                }
                blocks++;
                // A second look: a read that raced a refresh of the shard files fails once, not twice.
                if (!rebuilder.blockSound(here, shard, block, buffer) && here.has(shard)
                        && !rebuilder.blockSound(here, shard, block, buffer)) {
                    corrupt++;
                    boolean fixed = repair(mount, rebuilder, shard, block);
                    repaired += fixed ? 1 : 0;
                    metrics.corruptShardBlock(fixed);
                }
                if (throttle != null) {
                    throttle.consumed(small);
                }
            }
        }
        return report(blocks, corrupt, repaired);
    }

    private static boolean repair(EcMount mount, EcShardRebuilder rebuilder, int shard, int block) {
        LOG.warn("scrub: block {} of shard {} of erasure-coded volume {} fails its checksum", block, shard,
                mount.id());
        try {
            rebuilder.repairBlock(mount.files(), mount.clusterShards(), shard, block);
            LOG.info("scrub: block {} of shard {} of volume {} rebuilt from the other shards and rewritten", block,
                    shard, mount.id());
            return true;
        } catch (HayloftException | UncheckedIOException e) {
            LOG.error("scrub: block {} of shard {} of volume {} left as found: {}", block, shard, mount.id(),
                    e.getMessage());
            return false;
        }
    }

    private ScrubReport report(long blocks, long corrupt, long repaired) {
        metrics.verifiedShardBlocks(blocks);
        return new ScrubReport(1, 0, 0, 0, 0, 0, blocks, corrupt, repaired, corrupt - repaired);
    }
}
