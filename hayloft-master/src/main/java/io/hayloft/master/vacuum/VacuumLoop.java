package io.hayloft.master.vacuum;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MasterVacuum} pass every {@code interval} while this master leads (followers
 * skip their turn). Runs on one virtual thread; {@link #close()} stops it.
 */
public final class VacuumLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VacuumLoop.class);

    private final MasterVacuum vacuum;
    private final Duration interval;
    private final DoubleSupplier threshold;
    private final BooleanSupplier isLeader;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private VacuumLoop(MasterVacuum vacuum, Duration interval, DoubleSupplier threshold, BooleanSupplier isLeader) {
        this.vacuum = vacuum;
        this.interval = interval;
        this.threshold = threshold;
        this.isLeader = isLeader;
        this.thread = Thread.ofVirtual().name("hayloft-vacuum").unstarted(this::run);
    }

    /**
     * Starts the loop; the first pass runs one interval after the start.
     *
     * @param interval  pause between passes, positive
     * @param threshold the garbage ratio to use, read at each pass
     * @param isLeader  true while this master leads
     */
    public static VacuumLoop start(MasterVacuum vacuum, Duration interval, DoubleSupplier threshold,
                                   BooleanSupplier isLeader) {
        VacuumLoop loop = new VacuumLoop(vacuum, interval, threshold, isLeader);
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (!stop.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                if (!isLeader.getAsBoolean()) {
                    continue;
                }
                try {
                    var outcomes = vacuum.runPass(threshold.getAsDouble(), null);
                    if (!outcomes.isEmpty()) {
                        LOG.info("vacuum pass: {} volumes tried, {} compacted", outcomes.size(),
                                outcomes.stream().filter(VacuumOutcome::compacted).count());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("vacuum pass failed: {}", e.toString());
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
