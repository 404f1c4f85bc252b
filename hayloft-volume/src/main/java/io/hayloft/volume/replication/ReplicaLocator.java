package io.hayloft.volume.replication;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Location;
import io.hayloft.volume.master.MasterClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Where the other replicas of a volume live, asked of the master ({@code /dir/lookup}) and cached
 * per volume. An entry is refreshed when it is older than its maximum age or after a replica call
 * failed ({@link #invalidate}). Blocking on a cache miss; thread-safe.
 */
public final class ReplicaLocator {
    private record Entry(List<String> peers, Instant fetchedAt) {
    }

    private final MasterClient master;
    private final Supplier<String> selfUrl;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentMap<VolumeId, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param master  the master client
     * @param selfUrl this server's {@code ip:port}, left out of the answers (known once its port is bound)
     * @param clock   time source for cache ages
     * @param maxAge  how long a lookup is trusted
     */
    public ReplicaLocator(MasterClient master, Supplier<String> selfUrl, Clock clock, Duration maxAge) {
        this.master = master;
        this.selfUrl = selfUrl;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * The {@code ip:port} of every other replica of the volume.
     *
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when no master answers a needed lookup,
     *                                         {@code NOT_FOUND} when the master does not know the volume
     */
    public List<String> peers(VolumeId volumeId) {
        Entry e = cache.get(volumeId);
        Instant now = clock.instant();
        if (e == null || e.fetchedAt().plus(maxAge).isBefore(now)) {
            String self = selfUrl.get();
            List<String> peers = master.lookup(volumeId).locations().stream()
                    .map(Location::url)
                    .filter(Objects::nonNull)
                    .filter(url -> !url.equals(self))
                    .distinct()
                    .toList();
            e = new Entry(peers, now);
            cache.put(volumeId, e);
        }
        return e.peers();
    }

    /**
     * The other replicas of the volume if the cache holds a fresh answer, without asking the master:
     * for callers that must not block.
     *
     * @return the peers, or empty when a lookup would be needed
     */
    public Optional<List<String>> cachedPeers(VolumeId volumeId) {
        Entry e = cache.get(volumeId);
        if (e == null || e.fetchedAt().plus(maxAge).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.peers());
    }

    /** Forgets the cached replicas of a volume, so the next call asks the master again. */
    public void invalidate(VolumeId volumeId) {
        cache.remove(volumeId);
    }
}
