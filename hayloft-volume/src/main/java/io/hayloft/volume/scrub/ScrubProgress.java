package io.hayloft.volume.scrub;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the scrub has got: the pass running now (volumes done, the volume being read, needles and
 * bytes verified so far) and the last pass that ended. Written by the scrubbing thread, read by any
 * (the volume server's page); every method is thread-safe and never blocks.
 */
public final class ScrubProgress {
    private final Clock clock;
    private final AtomicLong needles = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private volatile Instant started;
    private volatile int volumes;
    private volatile int volumesDone;
    private volatile int currentVolume;
    private volatile Last last;

    /** @param clock when passes start and end */
    public ScrubProgress(Clock clock) {
        this.clock = clock;
    }

    /**
     * The progress now.
     *
     * @param running the pass in progress, null when none runs
     * @param last    the last pass that ended, null before the first
     */
    public record Snapshot(Running running, Last last) {
    }

    /**
     * @param started       when the pass started
     * @param volumes       volumes in the pass
     * @param volumesDone   volumes finished
     * @param currentVolume the volume being read (0 between volumes)
     * @param needles       needles verified so far
     * @param bytes         record bytes read so far
     * @param corrupt       needles that failed verification so far
     */
    public record Running(Instant started, int volumes, int volumesDone, int currentVolume, long needles, long bytes,
                          long corrupt) {
    }

    /**
     * @param started  when it started
     * @param finished when it ended
     * @param report   what it found
     */
    public record Last(Instant started, Instant finished, ScrubReport report) {
    }

    /** A pass over {@code volumeCount} volumes starts now. */
    void passStarted(int volumeCount) {
        needles.set(0);
        bytes.set(0);
        corrupt.set(0);
        volumes = volumeCount;
        volumesDone = 0;
        currentVolume = 0;
        started = clock.instant();
    }

    void volumeStarted(int volume) {
        currentVolume = volume;
    }

    void needleVerified(long recordBytes, boolean ok) {
        needles.incrementAndGet();
        bytes.addAndGet(recordBytes);
        if (!ok) {
            corrupt.incrementAndGet();
        }
    }

    void volumeDone() {
        currentVolume = 0;
        volumesDone++;
    }

    /** The pass that started last ended with {@code report}. */
    void passFinished(ScrubReport report) {
        Instant begun = started;
        last = new Last(begun == null ? clock.instant() : begun, clock.instant(), report);
        started = null;
    }

    /** The progress now; a pass that just ended may show as running for one more read. */
    public Snapshot snapshot() {
        Instant begun = started;
        Running running = begun == null ? null : new Running(begun, volumes, volumesDone, currentVolume, needles.get(),
                bytes.get(), corrupt.get());
        return new Snapshot(running, last);
    }
}
