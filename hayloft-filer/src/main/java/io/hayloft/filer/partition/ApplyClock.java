package io.hayloft.filer.partition;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a partition's state machine: it reads the instant of the command being applied
 * ({@link PartitionCommand#at()}), never the machine's time, so every replica records the same times.
 * Set by the applying thread before each command; read by the store and namespace it drives.
 */
final class ApplyClock extends Clock {
    private volatile Instant now = Instant.EPOCH;

    /** The instant every read returns until the next call. */
    void set(Instant instant) {
        this.now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
