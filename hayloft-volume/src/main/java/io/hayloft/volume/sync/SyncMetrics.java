package io.hayloft.volume.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Replica sync's meters on {@code /metrics}: {@code hayloft_volume_sync_rounds_total} (background
 * rounds completed), {@code hayloft_volume_sync_repairs_total{action}} (repairs that succeeded, by
 * {@link SyncAction.Kind#tag()}), {@code hayloft_volume_sync_repair_failures_total{action}} (repairs
 * that failed) and {@code hayloft_volume_sync_conflicts_total} (conflicting keys found). Thread-safe.
 */
final class SyncMetrics {
    private final Counter rounds;
    private final Counter conflicts;
    private final Map<SyncAction.Kind, Counter> repairs = new EnumMap<>(SyncAction.Kind.class);
    private final Map<SyncAction.Kind, Counter> failures = new EnumMap<>(SyncAction.Kind.class);

    SyncMetrics(MeterRegistry registry) {
        rounds = Counter.builder("hayloft_volume_sync_rounds").description("background replica sync rounds completed")
                .register(registry);
        conflicts = Counter.builder("hayloft_volume_sync_conflicts")
                .description("needle keys live on several replicas with different sizes").register(registry);
        for (SyncAction.Kind kind : SyncAction.Kind.values()) {
            repairs.put(kind, Counter.builder("hayloft_volume_sync_repairs").tag("action", kind.tag())
                    .description("replica sync repairs that succeeded").register(registry));
            failures.put(kind, Counter.builder("hayloft_volume_sync_repair_failures").tag("action", kind.tag())
                    .description("replica sync repairs that failed").register(registry));
        }
    }

    void roundCompleted() {
        rounds.increment();
    }

    void conflicts(long count) {
        conflicts.increment(count);
    }

    void repaired(SyncAction.Kind kind) {
        repairs.get(kind).increment();
    }

    void failed(SyncAction.Kind kind) {
        failures.get(kind).increment();
    }
}
