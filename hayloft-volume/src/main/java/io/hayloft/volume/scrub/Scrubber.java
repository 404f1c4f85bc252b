package io.hayloft.volume.scrub;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.Volume;
import io.hayloft.http.BackgroundLoop;
import io.hayloft.volume.ec.EcMount;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.throttle.ByteRateThrottle;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background scrub of one volume server: every {@link ScrubConfig#interval()} it verifies
 * every live needle of every volume (CRC, and that the record matches its index entry) at no more
 * than {@link ScrubConfig#bytesPerSecond()}, and repairs what fails from a good replica
 * ({@link NeedleRepair}); then every block of every erasure-coded shard held here against its checksum,
 * rebuilding a bad block from the other shards ({@link ShardScrub}). Findings are logged and counted
 * ({@link ScrubMetrics}).
 *
 * <p>Reads go through {@link Volume#read} with a cookie that may not match: the volume verifies
 * the record before it compares cookies, so a good needle answers (or answers {@code NOT_FOUND})
 * and only a bad one answers {@code CORRUPT}. Deleted needles and tombstones are skipped.
 *
 * <p>Threading: the loop runs on one virtual thread; {@link #scrubAll()} and {@link #scrub(Volume)}
 * may also be called directly (blocking, from a virtual thread); passes over all volumes run one at a
 * time, so {@link #progress()} describes one. {@link #close()} stops the loop and any pass in
 * progress at its next needle.
 */
public final class Scrubber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);
    private static final long RECORD_OVERHEAD = 16 + 12;

    private final Store store;
    private final NeedleRepair repair;
    private final Supplier<List<EcMount>> ecMounts;
    private final ShardScrub shardScrub;
    private final ScrubConfig config;
    private final ScrubMetrics metrics;
    private final ScrubProgress progress;
    private final BackgroundLoop loop = new BackgroundLoop("hayloft-scrub", "scrub pass");

    /**
     * @param store   the volumes to scrub
     * @param repair   how corrupt needles are rewritten
     * @param ecMounts the erasure-coded volumes held here, asked at each pass
     * @param config   rate and period; a disabled config never starts the loop
     * @param metrics  where findings are counted
     * @param clock    when passes start and end ({@link #progress()})
     */
    public Scrubber(Store store, NeedleRepair repair, Supplier<List<EcMount>> ecMounts, ScrubConfig config,
                    ScrubMetrics metrics, Clock clock) {
        this.store = store;
        this.repair = repair;
        this.ecMounts = ecMounts;
        this.shardScrub = new ShardScrub(metrics);
        this.config = config;
        this.metrics = metrics;
        this.progress = new ScrubProgress(clock);
    }

    /** The rate and period it runs at. */
    public ScrubConfig config() {
        return config;
    }

    /** How far the pass running now has got, and what the last one found. Thread-safe, never blocks. */
    public ScrubProgress.Snapshot progress() {
        return progress.snapshot();
    }

    /** Starts the background loop if the config enables scrub; returns this. Call once. */
    public Scrubber start() {
        if (config.enabled()) {
            loop.start(config.interval(), this::scrubAll);
            LOG.info("scrub every {} at {} bytes/s", config.interval(), config.bytesPerSecond());
        } else {
            LOG.info("scrub disabled (-scrubMBps 0)");
        }
        return this;
    }

    /**
     * Scrubs every volume now, at the configured rate (unthrottled when scrub is disabled).
     *
     * @return the pass's findings
     */
    public synchronized ScrubReport scrubAll() {
        ByteRateThrottle throttle = throttle();
        ScrubReport total = ScrubReport.EMPTY;
        List<Volume> volumes = List.copyOf(store.volumes());
        progress.passStarted(volumes.size());
        for (Volume v : volumes) {
            if (loop.closing()) {
                break;
            }
            progress.volumeStarted(v.id().value());
            total = total.plus(scrub(v, throttle));
            progress.volumeDone();
        }
        for (EcMount m : ecMounts.get()) {
            if (loop.closing()) {
                break;
            }
            total = total.plus(shardScrub.scrub(m, throttle, loop::closing));
        }
        progress.passFinished(total);
        metrics.passCompleted();
        if (total.corrupt() > 0 || total.corruptBlocks() > 0) {
            LOG.warn("scrub pass: {} volumes, {} needles, {} bytes, {} shard blocks verified; {} needles corrupt,"
                    + " {} repaired, {} left as found; {} shard blocks corrupt, {} repaired, {} left as found",
                    total.volumes(), total.needles(), total.bytes(), total.shardBlocks(), total.corrupt(),
                    total.repaired(), total.unrepaired(), total.corruptBlocks(), total.repairedBlocks(),
                    total.unrepairedBlocks());
        } else {
            LOG.info("scrub pass: {} volumes, {} needles, {} bytes, {} shard blocks verified, nothing corrupt",
                    total.volumes(), total.needles(), total.bytes(), total.shardBlocks());
        }
        return total;
    }

    /**
     * Scrubs one volume now, at the configured rate (unthrottled when scrub is disabled). Its
     * needles are counted in the metrics; the pass counter is not.
     *
     * @return what it found
     */
    public ScrubReport scrub(Volume volume) {
        return scrub(volume, throttle());
    }

    /**
     * Scrubs the shards of one erasure-coded volume held here now, as {@link #scrub(Volume)}; a corrupt
     * block is rebuilt from the other shards (fetched from their holders where not here) and rewritten.
     *
     * @return what it found (shard counts only)
     */
    public ScrubReport scrub(EcMount mount) {
        return shardScrub.scrub(mount, throttle(), loop::closing);
    }

    private ScrubReport scrub(Volume volume, ByteRateThrottle throttle) {
        long[] counts = new long[5]; // needles, bytes, corrupt, repaired, unrepaired
        try {
            IndexWalk.walk(volume.idxPath(), (key, offset, size) -> {
                if (loop.closing()) {
                    return false;
                }
                long recordBytes = (RECORD_OVERHEAD + size + 7) & -8L;
                counts[0]++;
                counts[1] += recordBytes;
                boolean good = verify(volume, key);
                progress.needleVerified(recordBytes, good);
                if (!good) {
                    counts[2]++;
                    boolean fixed = repair(volume, key, offset, size);
                    counts[fixed ? 3 : 4]++;
                    metrics.corrupt(fixed);
                }
                if (throttle != null) {
                    throttle.consumed(recordBytes);
                }
                return true;
            });
        } catch (UncheckedIOException | IllegalStateException e) {
            // The volume was deleted, closed or compacted under the walk: the next pass sees its new files.
            LOG.info("scrub of volume {} stopped early: {}", volume.id(), e.toString());
        }
        ScrubReport report = new ScrubReport(1, counts[0], counts[1], counts[2], counts[3], counts[4], 0, 0, 0, 0);
        metrics.verified(report.needles(), report.bytes());
        return report;
    }

    /** True unless the live needle of {@code key} fails verification. */
    private static boolean verify(Volume volume, long key) {
        try {
            volume.read(key, 0);
            return true;
        } catch (HayloftException e) {
            return e.code() != ErrorCode.CORRUPT;
        }
    }

    private boolean repair(Volume volume, long key, long offset, int size) {
        IndexWalk.RecordHead head;
        try {
            head = IndexWalk.recordHead(volume.datPath(), offset, size);
        } catch (UncheckedIOException e) {
            LOG.error("needle {} of volume {} is corrupt and its record cannot be read: {}",
                    Long.toUnsignedString(key, 16), volume.id(), e.toString());
            return false;
        }
        FileId fid = new FileId(volume.id(), key, head.cookie());
        LOG.warn("scrub: needle {} failed verification", fid);
        return repair.repair(volume, fid, head.dataSize(), head.crc());
    }

    private ByteRateThrottle throttle() {
        return config.enabled() ? new ByteRateThrottle(config.bytesPerSecond(), System::nanoTime, this::pause) : null;
    }

    /** Waits {@code nanos}, or less when closed. */
    private void pause(long nanos) {
        try {
            loop.await(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop and waits (up to 10 s) for a pass in progress to notice. Idempotent. */
    @Override
    public void close() {
        loop.close();
    }
}
