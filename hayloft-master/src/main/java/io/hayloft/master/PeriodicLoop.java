package io.hayloft.master;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pass every {@code period} on one virtual thread until closed: the trigger of the leader's
 * background work (vacuum, replica repair). The pass decides itself whether this master should act;
 * a pass that throws is logged and the next one runs on schedule.
 */
final class PeriodicLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicLoop.class);

    private final String what;
    private final Duration period;
    private final Runnable pass;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private PeriodicLoop(String what, Duration period, Runnable pass) {
        this.what = what;
        this.period = period;
        this.pass = pass;
        this.thread = Thread.ofVirtual().name("hayloft-" + what.replace(' ', '-')).unstarted(this::run);
    }

    /**
     * Starts the loop; the first pass runs one period after the start.
     *
     * @param what   names the thread ({@code hayloft-what}) and the failures logged
     * @param period pause between passes, positive
     */
    static PeriodicLoop start(String what, Duration period, Runnable pass) {
        PeriodicLoop loop = new PeriodicLoop(what, period, pass);
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (!stop.await(period.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    pass.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} pass failed: {}", what, e.toString());
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
