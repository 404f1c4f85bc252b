package io.hayloft.volume.scrub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scrub's meters on {@code /metrics}: {@code hayloft_volume_scrub_passes_total},
 * {@code _scrub_needles_total}, {@code _scrub_bytes_total}, {@code _scrub_corrupt_total} (needles that
 * failed verification), {@code _scrub_repaired_total} (rewritten from a replica) and
 * {@code _scrub_unrepaired_total} (no good replica, or the rewrite failed); for erasure-coded shards
 * {@code _scrub_shard_blocks_total} (blocks checked), {@code _scrub_shard_corrupt_total},
 * {@code _scrub_shard_repaired_total} (rebuilt from the other shards and rewritten) and
 * {@code _scrub_shard_unrepaired_total}. Thread-safe.
 */
public final class ScrubMetrics {
    private final Counter passes;
    private final Counter needles;
    private final Counter bytes;
    private final Counter corrupt;
    private final Counter repaired;
    private final Counter unrepaired;
    private final Counter shardBlocks;
    private final Counter shardCorrupt;
    private final Counter shardRepaired;
    private final Counter shardUnrepaired;

    public ScrubMetrics(MeterRegistry registry) {
        passes = Counter.builder("hayloft_volume_scrub_passes").description("scrub passes completed")
                .register(registry);
        needles = Counter.builder("hayloft_volume_scrub_needles").description("needles verified by scrub")
                .register(registry);
        bytes = Counter.builder("hayloft_volume_scrub_bytes").description("needle bytes verified by scrub")
                .register(registry);
        corrupt = Counter.builder("hayloft_volume_scrub_corrupt").description("needles scrub found corrupt")
                .register(registry);
        repaired = Counter.builder("hayloft_volume_scrub_repaired")
                .description("corrupt needles rewritten from a good replica").register(registry);
        unrepaired = Counter.builder("hayloft_volume_scrub_unrepaired")
                .description("corrupt needles left as found (no good replica, or the rewrite failed)")
                .register(registry);
        shardBlocks = Counter.builder("hayloft_volume_scrub_shard_blocks")
                .description("erasure-coded shard blocks checked by scrub").register(registry);
        shardCorrupt = Counter.builder("hayloft_volume_scrub_shard_corrupt")
                .description("shard blocks scrub found failing their checksum").register(registry);
        shardRepaired = Counter.builder("hayloft_volume_scrub_shard_repaired")
                .description("corrupt shard blocks rebuilt from the other shards and rewritten").register(registry);
        shardUnrepaired = Counter.builder("hayloft_volume_scrub_shard_unrepaired")
                .description("corrupt shard blocks left as found (fewer than ten good copies elsewhere)")
                .register(registry);
    }

    void passCompleted() {
        passes.increment();
    }

    void verified(long needleCount, long byteCount) {
        needles.increment(needleCount);
        bytes.increment(byteCount);
    }

    void corrupt(boolean wasRepaired) {
        corrupt.increment();
        (wasRepaired ? repaired : unrepaired).increment();
    }

    void verifiedShardBlocks(long blocks) {
        shardBlocks.increment(blocks);
    }

    void corruptShardBlock(boolean wasRepaired) {
        shardCorrupt.increment();
        (wasRepaired ? shardRepaired : shardUnrepaired).increment();
    }
}
