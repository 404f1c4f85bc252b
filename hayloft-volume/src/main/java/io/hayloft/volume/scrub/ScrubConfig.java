package io.hayloft.volume.scrub;

import io.hayloft.api.HayloftException;
import java.time.Duration;

/**
 * How fast and how often the background scrub runs.
 *
 * @param bytesPerSecond needle bytes verified per second at most ({@code -scrubMBps}); 0 disables scrub
 * @param interval       pause between the end of one pass and the start of the next
 *                       ({@code -scrubIntervalMinutes}); the first pass starts one interval after start
 */
public record ScrubConfig(long bytesPerSecond, Duration interval) {
    /** 16 MiB/s: a 30 GB volume is verified in about half an hour. */
    public static final long DEFAULT_BYTES_PER_SECOND = 16L * 1024 * 1024;
    /** One pass a day. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);
    /** Scrub turned off. */
    public static final ScrubConfig DISABLED = new ScrubConfig(0, DEFAULT_INTERVAL);

    /** 16 MiB/s, one pass a day. */
    public static ScrubConfig defaults() {
        return new ScrubConfig(DEFAULT_BYTES_PER_SECOND, DEFAULT_INTERVAL);
    }

    public ScrubConfig {
        HayloftException.checkArgument(bytesPerSecond >= 0, "scrub rate must not be negative, got " + bytesPerSecond);
        HayloftException.checkArgument(interval != null && !interval.isNegative() && !interval.isZero(),
                "scrub interval must be positive, got " + interval);
    }

    /** True when the background scrub runs at all. */
    public boolean enabled() {
        return bytesPerSecond > 0;
    }
}
