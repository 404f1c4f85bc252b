package io.hayloft.master.topology;

import java.time.Clock;
import java.time.Duration;

/**
 * Admission control for heartbeat full reports. A full report lists every volume of a server (about
 * 20 KB of JSON for 100 volumes, half a millisecond or more of a master's CPU to read and apply);
 * when thousands of servers send theirs at once (a cluster's first pulse, a master restart, a
 * network cut healing) a master that took them all would fall behind by more than the dead-node
 * timeout, drop live servers and ask them for full reports again (issue 15: the full-report
 * storm). This budget admits at most {@code perSecond} full reports a second (a token bucket holding
 * one second's worth, so a small cluster's first pulse passes at once); the others are deferred:
 * the server is told to send its full report again after {@link Admission#retryAfter} and, until
 * a master took one, sends nothing else.
 *
 * <p>A master that is behind on its heartbeats (more than {@code maxBeatsInFlight} being handled or
 * waiting at once: its CPU share is too small for the beats it gets) defers every full report, slots
 * or not, for {@code maxWait}: the deltas that keep the servers it knows alive come first.
 *
 * <p>The hint spreads the deferred servers over the time the budget needs to take them all
 * (refusals seen in the last {@code maxWait}, divided by the rate), never less than the time to the
 * next free slot, never more than {@code maxWait} (a master passes its pulse: a known server that
 * is deferred keeps beating at least once a pulse, so it is never taken for dead).
 *
 * <p>Thread-safe; time comes from the injected clock.
 */
public final class FullReportBudget {
    /** Heartbeats in flight above which a master defers every full report. */
    public static final int DEFAULT_MAX_BEATS_IN_FLIGHT = 64;

    private final double perSecond;
    private final int maxBeatsInFlight;
    private final long maxWaitMillis;
    private final Clock clock;
    private double tokens;
    private long refilledAt;
    /** Refusals in the current and in the previous window of {@code maxWait}. */
    private long refusedNow;
    private long refusedBefore;
    private long windowStart;

    /**
     * @param perSecond full reports admitted per second, 0 for no limit
     * @param maxWait   the longest retry hint (the master's pulse), above 0
     * @param clock     time source
     * @throws IllegalArgumentException for a negative rate or a wait that is not positive
     */
    public FullReportBudget(int perSecond, Duration maxWait, Clock clock) {
        this(perSecond, DEFAULT_MAX_BEATS_IN_FLIGHT, maxWait, clock);
    }

    /**
     * @param maxBeatsInFlight heartbeats in flight above which every full report is deferred, 1 or more
     * @see #FullReportBudget(int, Duration, Clock)
     */
    public FullReportBudget(int perSecond, int maxBeatsInFlight, Duration maxWait, Clock clock) {
        if (maxBeatsInFlight < 1) {
            throw new IllegalArgumentException("maxBeatsInFlight must be 1 or more, got " + maxBeatsInFlight);
        }
        this.maxBeatsInFlight = maxBeatsInFlight;
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must be 0 (no limit) or more, got " + perSecond);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
        }
        this.perSecond = perSecond;
        this.maxWaitMillis = maxWait.toMillis();
        this.clock = clock;
        this.tokens = perSecond;
        this.refilledAt = clock.millis();
        this.windowStart = refilledAt;
    }

    /**
     * Takes a slot for one full report if one is free and the master is not behind.
     *
     * @param beatsInFlight heartbeats the master is handling or has queued now, this one included
     * @return admitted, or deferred with how long the server should wait before sending it again
     */
    public synchronized Admission tryAdmit(int beatsInFlight) {
        if (perSecond == 0) {
            return Admission.ADMITTED;
        }
        if (beatsInFlight > maxBeatsInFlight) {
            return new Admission(false, Duration.ofMillis(maxWaitMillis));
        }
        long now = clock.millis();
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Admission.ADMITTED;
        }
        roll(now);
        refusedNow++;
        long toNextSlot = (long) Math.ceil((1 - tokens) * 1000 / perSecond);
        long toTakeAll = (long) Math.ceil(Math.max(refusedNow, refusedBefore) * 1000 / perSecond);
        long wait = Math.min(maxWaitMillis, Math.max(Math.max(1, toNextSlot), toTakeAll));
        return new Admission(false, Duration.ofMillis(wait));
    }

    private void refill(long now) {
        if (now > refilledAt) {
            tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1000);
            refilledAt = now;
        }
    }

    private void roll(long now) {
        if (now - windowStart >= 2 * maxWaitMillis) {
            refusedBefore = 0;
            refusedNow = 0;
            windowStart = now;
        } else if (now - windowStart >= maxWaitMillis) {
            refusedBefore = refusedNow;
            refusedNow = 0;
            windowStart += maxWaitMillis;
        }
    }

    /**
     * What the budget decided for one full report.
     *
     * @param admitted   true when the report may be applied now
     * @param retryAfter for a deferred report, how long the server should wait before sending it again
     *                   (above 0); zero when admitted
     */
    public record Admission(boolean admitted, Duration retryAfter) {
        static final Admission ADMITTED = new Admission(true, Duration.ZERO);
    }
}
