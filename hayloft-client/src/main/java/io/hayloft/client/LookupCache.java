package io.hayloft.client;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.LookupResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Volume locations recently learned from the master, each kept for a fixed time and dropped early
 * when using it failed. Thread-safe; two threads missing at once may both ask the master.
 */
final class LookupCache {
    private record Entry(LookupResponse locations, Instant expires) {
    }

    private final ConcurrentMap<VolumeId, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    LookupCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The cached locations of {@code volume}, or {@code loader}'s answer, which is then cached. */
    LookupResponse get(VolumeId volume, Function<VolumeId, LookupResponse> loader) {
        Instant now = clock.instant();
        Entry e = entries.get(volume);
        if (e != null && now.isBefore(e.expires())) {
            return e.locations();
        }
        LookupResponse fresh = loader.apply(volume);
        if (ttl.isPositive()) {
            entries.put(volume, new Entry(fresh, now.plus(ttl)));
        }
        return fresh;
    }

    /** Forgets {@code volume}'s locations: the next {@link #get} asks the master. */
    void invalidate(VolumeId volume) {
        entries.remove(volume);
    }
}
