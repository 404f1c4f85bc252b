package io.hayloft.storage;

import io.hayloft.api.HayloftException;

import java.time.Clock;

/**
 * How a volume is run.
 *
 * @param sizeLimit bytes; a write whose record would make {@code .dat} larger is refused.
 *                  {@value Volume#MIN_SIZE_LIMIT}..{@link Volume#MAX_SIZE} (32 GiB, the most
 *                  8-byte-unit u32 index offsets can address)
 * @param fsync     if true, writes and deletes return only after {@code .dat} is forced to disk
 *                  (group commit: concurrent writers share one force)
 * @param clock     time source for append timestamps and TTL expiry
 */
public record VolumeOptions(long sizeLimit, boolean fsync, Clock clock) {
    /** The default size limit, 30000 MiB, as SeaweedFS's master uses. */
    public static final long DEFAULT_SIZE_LIMIT = 30_000L << 20;

    /**
     * Validates the fields.
     *
     * @throws HayloftException {@code BAD_REQUEST} if the limit is out of range or the clock is null
     */
    public VolumeOptions {
        Volume.checkSizeLimit(sizeLimit);
        HayloftException.checkArgument(clock != null, "clock is required");
    }

    /** 30000 MiB, no fsync, the system UTC clock. */
    public static VolumeOptions defaults() {
        return new VolumeOptions(DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    /** Returns a copy with the size limit in bytes. */
    public VolumeOptions withSizeLimit(long bytes) {
        return new VolumeOptions(bytes, fsync, clock);
    }

    /** Returns a copy with fsync (group commit) on or off. */
    public VolumeOptions withFsync(boolean fsync) {
        return new VolumeOptions(sizeLimit, fsync, clock);
    }

    /** Returns a copy with the clock. */
    public VolumeOptions withClock(Clock clock) {
        return new VolumeOptions(sizeLimit, fsync, clock);
    }
}
