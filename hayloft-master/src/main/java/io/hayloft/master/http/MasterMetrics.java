package io.hayloft.master.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The master's gauges: volumes, nodes, free slots, leadership, and the assigned-keys counter. */
final class MasterMetrics {
    private MasterMetrics() {
    }

    static void register(MeterRegistry registry, MasterContext master) {
        Gauge.builder("hayloft_master_volumes", master.topology(), t -> t.volumeCount())
                .description("volumes known to the master").register(registry);
        Gauge.builder("hayloft_master_nodes", master.topology(), t -> t.nodeCount())
                .description("live volume servers").register(registry);
        Gauge.builder("hayloft_master_free_slots", master.topology(), t -> t.freeSlots())
                .description("volume slots free across all volume servers").register(registry);
        Gauge.builder("hayloft_master_leader", master.raft(), r -> r.isLeader() ? 1 : 0)
                .description("1 when this master leads").register(registry);
        FunctionCounter.builder("hayloft_master_assigned_keys", master.assigner(), a -> a.assignedKeys())
                .description("needle keys handed out by /dir/assign and /submit").register(registry);
    }
}
