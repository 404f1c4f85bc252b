package io.hayloft.volume.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * How far replica sync has got: the background round running now (volumes considered, the volume
 * being compared), the last round that ended, and the most recent syncs of single volumes with what
 * each found (background or asked for). Thread-safe; never blocks for long.
 */
public final class SyncProgress {
    /** Recent volume syncs kept. */
    static final int RECENT = 20;

    private final Clock clock;
    private final Deque<Recent> recent = new ArrayDeque<>();
    private Instant started;
    private int volumes;
    private int volumesDone;
    private int currentVolume;
    private int synced;
    private int failed;
    private Round last;

    /** @param clock when rounds and syncs happen */
    public SyncProgress(Clock clock) {
        this.clock = clock;
    }

    /**
     * The progress now.
     *
     * @param running the round in progress, null when none runs
     * @param last    the last round that ended, null before the first
     * @param recent  the latest syncs of single volumes, newest first
     */
    public record Snapshot(Running running, Round last, List<Recent> recent) {
    }

    /**
     * @param started       when the round started
     * @param volumes       volumes this server holds (each is synced if this server coordinates it)
     * @param volumesDone   volumes considered so far
     * @param currentVolume the volume being compared (0 between volumes)
     */
    public record Running(Instant started, int volumes, int volumesDone, int currentVolume) {
    }

    /**
     * @param started  when it started
     * @param finished when it ended
     * @param synced   volumes compared (this server coordinated them)
     * @param failed   volumes whose sync failed
     */
    public record Round(Instant started, Instant finished, int synced, int failed) {
    }

    /**
     * One sync of one volume.
     *
     * @param at     when it ended
     * @param report what it found and did; null when it failed
     * @param volume the volume
     * @param error  why it failed; null when it did not
     */
    public record Recent(Instant at, int volume, SyncReport report, String error) {
    }

    synchronized void roundStarted(int volumeCount) {
        started = clock.instant();
        volumes = volumeCount;
        volumesDone = 0;
        currentVolume = 0;
        synced = 0;
        failed = 0;
    }

    synchronized void volumeStarted(int volume) {
        currentVolume = volume;
    }

    synchronized void volumeConsidered() {
        currentVolume = 0;
        volumesDone++;
    }

    synchronized void roundFinished() {
        last = new Round(started == null ? clock.instant() : started, clock.instant(), synced, failed);
        started = null;
    }

    /** A sync of one volume ended with {@code report}; {@code inRound}: the background round's. */
    synchronized void synced(SyncReport report, boolean inRound) {
        if (inRound) {
            synced++;
        }
        remember(new Recent(clock.instant(), report.volume(), report, null));
    }

    /** A sync of {@code volume} failed; {@code inRound}: the background round's. */
    synchronized void failed(int volume, String error, boolean inRound) {
        if (inRound) {
            failed++;
        }
        remember(new Recent(clock.instant(), volume, null, error));
    }

    private void remember(Recent r) {
        recent.addFirst(r);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /** The progress now. */
    public synchronized Snapshot snapshot() {
        Running running = started == null ? null : new Running(started, volumes, volumesDone, currentVolume);
        return new Snapshot(running, last, List.copyOf(recent));
    }
}
