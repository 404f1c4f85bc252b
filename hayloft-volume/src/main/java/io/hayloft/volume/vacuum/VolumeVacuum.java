package io.hayloft.volume.vacuum;

import io.hayloft.api.VolumeId;
import io.hayloft.storage.CompactionResult;
import io.hayloft.storage.Volume;
import io.hayloft.volume.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the volumes of one store on request and counts the outcomes in {@code /metrics}.
 * Thread-safe; {@link #vacuum} blocks for the whole compaction: call it from a virtual thread.
 */
public final class VolumeVacuum {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeVacuum.class);

    private final Store store;
    private final Counter vacuums;
    private final Counter failures;
    private final Counter reclaimed;

    /** Registers this server's vacuum meters in {@code registry}. */
    public VolumeVacuum(Store store, MeterRegistry registry) {
        this.store = store;
        this.vacuums = Counter.builder("hayloft_volume_vacuums").description("volumes compacted")
                .register(registry);
        this.failures = Counter.builder("hayloft_volume_vacuum_failures").description("compactions that failed")
                .register(registry);
        this.reclaimed = Counter.builder("hayloft_volume_vacuum_reclaimed_bytes")
                .description(".dat bytes given back by compaction").register(registry);
    }

    /**
     * Compacts volume {@code id} now ({@link Volume#compact()}).
     *
     * @return what the compaction did
     * @throws io.hayloft.api.HayloftException {@code NOT_FOUND} when this server does not hold the
     *         volume; {@code CONFLICT} when it is being compacted already; {@code CORRUPT} when a
     *         live needle fails its CRC (scrub repairs it first); {@code VOLUME_NOT_WRITABLE} when a
     *         failed switch waits for a reopen
     * @throws java.io.UncheckedIOException on an I/O failure
     */
    public CompactionResult vacuum(VolumeId id) {
        Volume volume = store.volume(id);
        try {
            CompactionResult result = volume.compact();
            vacuums.increment();
            reclaimed.increment(Math.max(0, result.bytesReclaimed()));
            return result;
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("vacuum of volume {} failed: {}", id, e.toString());
            throw e;
        }
    }

    /**
     * The garbage ratio of volume {@code id} ({@link Volume#garbageRatio()}), 0..1.
     *
     * @throws io.hayloft.api.HayloftException {@code NOT_FOUND} when this server does not hold it
     */
    public double garbageRatio(VolumeId id) {
        return store.volume(id).garbageRatio();
    }
}
