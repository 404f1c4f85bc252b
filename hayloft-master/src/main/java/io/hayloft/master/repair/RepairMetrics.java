package io.hayloft.master.repair;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The master's replica repair meters: {@code hayloft_master_replica_copies_total{result="done|failed"}},
 * {@code hayloft_master_replica_surplus_removed_total} and the gauge
 * {@code hayloft_master_under_replicated_volumes} (as of the leader's last pass; 0 on a follower).
 * Thread-safe.
 */
public final class RepairMetrics {
    private final Counter copiesDone;
    private final Counter copiesFailed;
    private final Counter surplusRemoved;
    private final AtomicInteger underReplicated = new AtomicInteger();

    public RepairMetrics(MeterRegistry registry) {
        copiesDone = Counter.builder("hayloft_master_replica_copies").tag("result", "done")
                .description("replica copies made (re-replication and moves)").register(registry);
        copiesFailed = Counter.builder("hayloft_master_replica_copies").tag("result", "failed")
                .description("replica copies made (re-replication and moves)").register(registry);
        surplusRemoved = Counter.builder("hayloft_master_replica_surplus_removed")
                .description("surplus replicas deleted").register(registry);
        Gauge.builder("hayloft_master_under_replicated_volumes", underReplicated, AtomicInteger::get)
                .description("volumes with fewer replicas than their placement asks for").register(registry);
    }

    void copy(boolean done) {
        (done ? copiesDone : copiesFailed).increment();
    }

    void surplusRemoved() {
        surplusRemoved.increment();
    }

    void underReplicated(int volumes) {
        underReplicated.set(volumes);
    }
}
