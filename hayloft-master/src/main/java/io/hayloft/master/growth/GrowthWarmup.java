package io.hayloft.master.growth;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds growth back until this master has had time to hear from every live volume server.
 * Volume servers heartbeat to every master, so a master that has been up for a pulse and a half
 * knows every volume that exists; before that, growing could create a volume beside one it has
 * not yet heard of. The warm-up counts from the master's start, not from its election: a follower
 * that has been collecting heartbeats is ready the moment it becomes leader.
 *
 * <p>Thread-safe; immutable.
 */
public final class GrowthWarmup {
    private final Clock clock;
    private final Instant readyAt;

    /**
     * @param clock  time source
     * @param warmup how long after now growth stays held back; zero for none
     */
    public GrowthWarmup(Clock clock, Duration warmup) {
        HayloftException.checkArgument(!warmup.isNegative(), "warm-up must not be negative");
        this.clock = clock;
        this.readyAt = clock.instant().plus(warmup);
    }

    /** No warm-up: a master alone has no other master's volumes to learn about. */
    public static GrowthWarmup none(Clock clock) {
        return new GrowthWarmup(clock, Duration.ZERO);
    }

    /** The warm-up for a member of a group: 1.5 heartbeat pulses. */
    public static GrowthWarmup afterPulses(Clock clock, Duration pulse) {
        return new GrowthWarmup(clock, pulse.multipliedBy(3).dividedBy(2));
    }

    /** True once the warm-up has passed. */
    public boolean ready() {
        return !clock.instant().isBefore(readyAt);
    }

    /**
     * Returns normally once the warm-up has passed.
     *
     * @throws HayloftException {@code UNAVAILABLE} (503 with Retry-After) while it lasts
     */
    public void check() {
        if (!ready()) {
            Duration left = Duration.between(clock.instant(), readyAt);
            throw new HayloftException(ErrorCode.UNAVAILABLE, "master warming up: waiting "
                    + Math.max(1, left.toMillis()) + " ms more for volume server heartbeats before growing volumes");
        }
    }
}
