package io.hayloft.master.topology;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop that removes data nodes silent for longer than the dead-node timeout
 * (judged by the topology's injected clock). Runs every {@code period} on one daemon thread.
 */
public final class NodeReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReaper.class);

    private final ScheduledExecutorService scheduler;

    private NodeReaper(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts checking {@code topology} every {@code period}. */
    public static NodeReaper start(Topology topology, Duration period) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("hayloft-node-reaper").factory());
        long ms = Math.max(10, period.toMillis());
        s.scheduleWithFixedDelay(() -> {
            try {
                List<String> removed = topology.removeDeadNodes();
                if (!removed.isEmpty()) {
                    LOG.info("removed dead volume servers {}", removed);
                }
            } catch (RuntimeException e) {
                LOG.error("dead node check failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return new NodeReaper(s);
    }

    /** Stops the loop; idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
