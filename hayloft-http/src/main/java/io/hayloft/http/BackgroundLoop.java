package io.hayloft.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a round of background work (a scrub pass, a replica sync or repair round, a vacuum pass) on
 * one virtual thread every interval (the pause between the end
 * of one round and the start of the next) until closed. A round that throws is logged and the loop
 * goes on. The work sees the loop close through {@link #closing()} and {@link #await}, so a round
 * in progress stops early. Thread-safe.
 */
public final class BackgroundLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoop.class);
    /** How long {@link #close()} waits for a round in progress to notice. */
    private static final long JOIN_MILLIS = 10_000;

    private final String threadName;
    private final String round;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Thread thread;

    /**
     * @param threadName the loop thread's name
     * @param round      names a round in the log line of its failure ({@code "<round> failed"})
     */
    public BackgroundLoop(String threadName, String round) {
        this.threadName = threadName;
        this.round = round;
    }

    /** Starts running {@code work} every {@code interval}, the first time one interval from now. Call once. */
    public void start(Duration interval, Runnable work) {
        thread = Thread.ofVirtual().name(threadName).start(() -> run(interval, work));
    }

    /** True once {@link #close()} was called. */
    public boolean closing() {
        return stop.getCount() == 0;
    }

    /**
     * Waits {@code d}, or less when the loop closes meanwhile.
     *
     * @return false if the loop is closing
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean await(Duration d) throws InterruptedException {
        return !stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the loop and waits (up to 10 s) for a round in progress to notice. Idempotent. */
    @Override
    public void close() {
        stop.countDown();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(Duration interval, Runnable work) {
        try {
            while (await(interval)) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("{} failed", round, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
