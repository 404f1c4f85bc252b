package io.hayloft.volume.ec;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardLocations;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which servers hold which shard of an erasure-coded volume, from the master's {@code /dir/lookup}
 * ({@code ecShards}), cached per volume for at most {@code maxAge} and forgotten after a failed call
 * ({@link #invalidate}). This server is left out of every answer. Blocking on a cache miss; thread-safe.
 */
public final class ShardLocator {
    private record Entry(Map<Integer, List<String>> holders, Instant fetchedAt) {
    }

    private final Function<VolumeId, LookupResponse> lookup;
    private final Supplier<String> selfUrl;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentMap<VolumeId, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param lookup  asks a master where a volume is ({@code /dir/lookup}); throws a {@code HayloftException}
     *                when no master answers or the volume is unknown
     * @param selfUrl this server's {@code ip:port}
     * @param clock   time source for cache ages
     * @param maxAge  how long an answer is trusted
     */
    public ShardLocator(Function<VolumeId, LookupResponse> lookup, Supplier<String> selfUrl, Clock clock,
                        Duration maxAge) {
        this.lookup = lookup;
        this.selfUrl = selfUrl;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * The other servers holding shard {@code shard} of volume {@code id}; empty when none is known (or no
     * master answers: a read then does without that shard).
     */
    public List<String> holders(VolumeId id, int shard) {
        return entry(id).holders().getOrDefault(shard, List.of());
    }

    /**
     * {@link #holders}, but when none is known and the cached answer is older than {@code minAge}, asks the
     * master again first: a shard rebuilt or copied since is found without waiting out the cache, and a
     * shard that stays lost costs at most one lookup per {@code minAge}.
     */
    public List<String> holdersRefreshed(VolumeId id, int shard, Duration minAge) {
        List<String> known = holders(id, shard);
        if (!known.isEmpty()) {
            return known;
        }
        Entry e = cache.get(id);
        if (e != null && e.fetchedAt().plus(minAge).isBefore(clock.instant())) {
            cache.remove(id, e);
            return holders(id, shard);
        }
        return known;
    }

    /** Every other server holding any shard of volume {@code id}, each once. */
    public List<String> allHolders(VolumeId id) {
        Set<String> all = new LinkedHashSet<>();
        entry(id).holders().values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Forgets what is cached about volume {@code id}, so the next call asks the master again. */
    public void invalidate(VolumeId id) {
        cache.remove(id);
    }

    private Entry entry(VolumeId id) {
        Entry e = cache.get(id);
        Instant now = clock.instant();
        if (e == null || e.fetchedAt().plus(maxAge).isBefore(now)) {
            Map<Integer, List<String>> holders = new HashMap<>();
            try {
                LookupResponse r = lookup.apply(id);
                String self = selfUrl.get();
                for (EcShardLocations s : r.ecShards() == null ? List.<EcShardLocations>of() : r.ecShards()) {
                    List<String> urls = new ArrayList<>();
                    for (Location l : s.locations()) {
                        if (l.url() != null && !Objects.equals(l.url(), self)) {
                            urls.add(l.url());
                        }
                    }
                    holders.put(s.shardId(), List.copyOf(urls));
                }
            } catch (RuntimeException unknown) {
                // no master, or the volume unknown to it: no remote shard is known; not cached
                return new Entry(Map.of(), now);
            }
            e = new Entry(Map.copyOf(holders), now);
            cache.put(id, e);
        }
        return e;
    }
}
