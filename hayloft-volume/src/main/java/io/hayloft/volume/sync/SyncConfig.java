package io.hayloft.volume.sync;

import io.hayloft.api.HayloftException;
import java.time.Duration;

/**
 * How often the background replica sync runs and how long it waits between its two comparisons.
 *
 * @param interval pause between the end of one round and the start of the next
 *                 ({@code -syncIntervalSeconds}, default {@link #DEFAULT_INTERVAL}); zero disables
 *                 the background loop ({@link ReplicaSync#syncNow} still works)
 * @param settle   time between the two comparisons of a sync (default {@link #DEFAULT_SETTLE}): only
 *                 differences seen in both are acted on, so writes and deletes in flight are not
 *                 mistaken for divergence; zero compares twice back to back
 */
public record SyncConfig(Duration interval, Duration settle) {
    /** One round a minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** Two seconds between the comparisons. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);
    /** Longest accepted interval or settle period. */
    public static final Duration MAX = Duration.ofDays(7);
    /** No background loop, default settle period. */
    public static final SyncConfig DISABLED = new SyncConfig(Duration.ZERO, DEFAULT_SETTLE);

    /**
     * @throws HayloftException {@code BAD_REQUEST} if a duration is null, negative or longer than {@link #MAX}
     */
    public SyncConfig {
        check("sync interval", interval);
        check("sync settle period", settle);
    }

    /** A round a minute, two seconds of settle. */
    public static SyncConfig defaults() {
        return new SyncConfig(DEFAULT_INTERVAL, DEFAULT_SETTLE);
    }

    /**
     * {@code -syncIntervalSeconds}: seconds between rounds, 0 disables; default settle period.
     *
     * @throws HayloftException {@code BAD_REQUEST} if negative or longer than {@link #MAX}
     */
    public static SyncConfig ofIntervalSeconds(long seconds) {
        HayloftException.checkArgument(seconds >= 0 && seconds <= MAX.toSeconds(),
                "syncIntervalSeconds must be 0.." + MAX.toSeconds() + ", got " + seconds);
        return new SyncConfig(Duration.ofSeconds(seconds), DEFAULT_SETTLE);
    }

    /** Returns a copy with another settle period. */
    public SyncConfig withSettle(Duration settle) {
        return new SyncConfig(interval, settle);
    }

    /** True when the background loop runs. */
    public boolean enabled() {
        return !interval.isZero();
    }

    private static void check(String what, Duration d) {
        HayloftException.checkArgument(d != null && !d.isNegative() && d.compareTo(MAX) <= 0,
                what + " must be 0.." + MAX + ", got " + d);
    }
}
