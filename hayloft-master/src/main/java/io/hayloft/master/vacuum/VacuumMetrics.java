package io.hayloft.master.vacuum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The master's vacuum meters: {@code hayloft_master_vacuum_passes_total},
 * {@code _vacuum_volumes_total} (volumes every replica compacted),
 * {@code _vacuum_replica_failures_total} and {@code _vacuum_reclaimed_bytes_total}. Thread-safe.
 */
public final class VacuumMetrics {
    private final Counter passes;
    private final Counter volumes;
    private final Counter failures;
    private final Counter reclaimed;

    public VacuumMetrics(MeterRegistry registry) {
        passes = Counter.builder("hayloft_master_vacuum_passes").description("vacuum passes run").register(registry);
        volumes = Counter.builder("hayloft_master_vacuum_volumes").description("volumes compacted on every replica")
                .register(registry);
        failures = Counter.builder("hayloft_master_vacuum_replica_failures")
                .description("replica compactions that failed").register(registry);
        reclaimed = Counter.builder("hayloft_master_vacuum_reclaimed_bytes")
                .description(".dat bytes given back, all replicas").register(registry);
    }

    void pass() {
        passes.increment();
    }

    void outcome(VacuumOutcome o) {
        if (o.compacted()) {
            volumes.increment();
        }
        failures.increment(o.failures().size());
        reclaimed.increment(o.bytesReclaimed());
    }
}
