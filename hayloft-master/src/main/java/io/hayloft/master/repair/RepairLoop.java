package io.hayloft.master.repair;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ReplicationRepair#pass()} every pulse on one virtual thread (the pass itself decides
 * whether this master leads and has led long enough). {@link #close()} stops it; copies already
 * started finish or fail on their own.
 */
public final class RepairLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairLoop.class);

    private final ReplicationRepair repair;
    private final Duration pulse;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private RepairLoop(ReplicationRepair repair, Duration pulse) {
        this.repair = repair;
        this.pulse = pulse;
        this.thread = Thread.ofVirtual().name("hayloft-replica-repair").unstarted(this::run);
    }

    /** Starts the loop; the first pass runs one pulse after the start. */
    public static RepairLoop start(ReplicationRepair repair, Duration pulse) {
        RepairLoop loop = new RepairLoop(repair, pulse);
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (!stop.await(pulse.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    repair.pass();
                } catch (RuntimeException e) {
                    LOG.warn("replica repair pass failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop, waiting up to 10 s for a pass in progress to end. Idempotent. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
