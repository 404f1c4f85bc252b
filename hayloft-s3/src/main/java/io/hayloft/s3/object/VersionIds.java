package io.hayloft.s3.object;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Object version ids, made so that a directory listing in name order lists a key's versions newest
 * first. An id is 24 lowercase hex digits:
 * <pre>
 *   digits 0-15  Long.MAX_VALUE - (microseconds since the epoch when the version was made), zero-padded
 *   digits 16-23 32 random bits (two gateways making a version in the same microsecond)
 * </pre>
 * One gateway never hands out the same time twice (a clock that stands still or steps back is moved on
 * by a microsecond), so its versions of one key sort exactly in the order it made them. The version S3
 * calls {@code null} (written while versioning was off or suspended) has no id of its own: kept as a
 * noncurrent version it is named {@link #nextNullName} after the time it stopped being current.
 *
 * <p>Thread-safe.
 */
public final class VersionIds {
    /** The id of the version written while versioning was off or suspended. */
    public static final String NULL = "null";
    /** How an archived null version's name ends. */
    static final String NULL_SUFFIX = "-null";
    private static final int TIME_DIGITS = 16;
    private static final int LENGTH = 24;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastMicros = new AtomicLong();

    public VersionIds(Clock clock) {
        this.clock = clock;
    }

    /** A new version id, later than every one this instance made before. */
    public String next() {
        return timePart(nextMicros()) + String.format("%08x", random.nextInt());
    }

    /**
     * The name to keep the null version under among noncurrent versions when it stops being current now
     * (or is made now, a null delete marker): later than every id and name this instance made before.
     */
    String nextNullName() {
        return timePart(nextMicros()) + NULL_SUFFIX;
    }

    private long nextMicros() {
        long now = micros(clock.instant());
        return lastMicros.updateAndGet(last -> Math.max(last + 1, now));
    }

    /** True when {@code id} has the form of a version id this gateway makes (not {@link #NULL}). */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code name} (a noncurrent version's file name) holds the null version. */
    static boolean isNullName(String name) {
        return name.endsWith(NULL_SUFFIX);
    }

    private static long micros(Instant t) {
        return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
    }

    private static String timePart(long micros) {
        String hex = Long.toHexString(Long.MAX_VALUE - Math.max(0, micros));
        return "0".repeat(TIME_DIGITS - hex.length()) + hex;
    }
}
