package io.hayloft.filer.deletion;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.chunk.BlobStore;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.PendingDeletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the durable deletion queue: deletes each queued chunk from the volume servers and removes
 * it from the queue once done. A chunk that is already gone (NOT_FOUND) counts as done; any other
 * failure leaves it queued for the next pass, and the pass moves on so one unreachable volume never
 * blocks the rest. The queue lives in the {@link FilerStore}, so pending work survives a restart.
 *
 * <p>Passes run on one background thread every {@code interval}, and soon after {@link #wakeUp()}.
 * Thread-safe.
 */
public final class DeletionCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionCollector.class);
    /** How many queued chunks one store read returns. */
    private static final int PAGE = 256;

    private final FilerStore store;
    private final BlobStore blobs;
    private final Duration interval;
    private final StaleIntentSweeper sweeper;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Outcome of one pass: chunks deleted (or already gone) and chunks left for later. */
    public record Pass(int done, int retryLater) {
    }

    /** @param interval pause between passes when nobody calls {@link #wakeUp()} */
    public DeletionCollector(FilerStore store, BlobStore blobs, Duration interval) {
        this(store, blobs, interval, null);
    }

    /**
     * @param interval pause between passes when nobody calls {@link #wakeUp()}
     * @param sweeper  run before each timed pass (not woken ones) to queue dead filers' orphans, or null
     */
    public DeletionCollector(FilerStore store, BlobStore blobs, Duration interval, StaleIntentSweeper sweeper) {
        HayloftException.checkArgument(interval != null && interval.isPositive(), "collector interval must be positive");
        this.store = store;
        this.blobs = blobs;
        this.interval = interval;
        this.sweeper = sweeper;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("filer-deletion-collector").factory());
    }

    /** Starts the periodic passes (the first one at once). */
    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            safeSweep();
            safePass();
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon, e.g. after chunks were queued. Never blocks. */
    public void wakeUp() {
        if (wakeQueued.compareAndSet(false, true) && !timer.isShutdown()) {
            try {
                timer.execute(() -> {
                    wakeQueued.set(false);
                    safePass();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    /**
     * Runs one pass over the whole queue on the calling thread. Do not call while {@link #start()}ed
     * passes may run: tests use it to drive the collector by hand.
     *
     * @return what the pass did
     */
    public Pass runOnce() {
        int done = 0;
        int later = 0;
        long after = -1;
        while (true) {
            List<PendingDeletion> page = store.pendingDeletions(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<PendingDeletion> finished = new ArrayList<>(page.size());
            for (PendingDeletion d : page) {
                if (deleteOne(d)) {
                    finished.add(d);
                } else {
                    later++;
                }
            }
            store.completeDeletions(finished);
            done += finished.size();
            after = page.getLast().sequence();
        }
        deleted.addAndGet(done);
        failed.addAndGet(later);
        return new Pass(done, later);
    }

    /** Chunks deleted (or found already gone) since start. */
    public long deletedCount() {
        return deleted.get();
    }

    /** Delete attempts that failed and were left queued, since start. */
    public long failedCount() {
        return failed.get();
    }

    /** Stops the passes, waiting briefly for a running one. Queued chunks stay queued. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("deletion collector pass still running after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean deleteOne(PendingDeletion d) {
        try {
            blobs.delete(d.fid());
            return true;
        } catch (HayloftException e) {
            LOG.debug("deleting chunk {} failed, will retry: {}", d.fid(), e.getMessage());
            return false;
        }
    }

    private void safeSweep() {
        if (sweeper == null) {
            return;
        }
        try {
            int queued = sweeper.sweep();
            if (queued > 0) {
                LOG.info("queued {} chunks of uploads whose filer never came back for deletion", queued);
            }
        } catch (RuntimeException e) {
            LOG.warn("stale upload intent sweep failed, retrying next pass: {}", e.toString());
        }
    }

    private void safePass() {
        try {
            Pass p = runOnce();
            if (p.done() > 0 || p.retryLater() > 0) {
                LOG.debug("deletion pass: {} chunks deleted, {} left for later", p.done(), p.retryLater());
            }
        } catch (RuntimeException e) {
            LOG.warn("deletion pass failed: {}", e.toString());
        }
    }
}
