package io.hayloft.client;

import io.hayloft.api.FileId;
import io.hayloft.api.NeedleShardMap;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcNeedleShards;
import io.hayloft.api.wire.EcShardLocations;
import io.hayloft.api.wire.HttpTransport;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.VolumeApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Orders where to read a blob so that a read of an erasure-coded volume goes first to a server holding
 * the shard its needle lies in: there it is one local disk read, elsewhere the server must fetch the
 * bytes from that shard's holder first. Which shard holds which needle comes from the volume's shard map
 * ({@code GET /ec/shardmap} on any holder, {@link NeedleShardMap}), kept {@link #MAP_TTL}, or until the
 * lookup names a later generation of the shards than the map's (a compaction moves needles; a stale map costs
 * a hop, never a wrong answer; a map older than the lookup's, from a holder not yet switched, is kept only
 * {@link #FAILED_MAP_TTL}); where
 * shards are comes from the lookup. A replicated volume's locations, a volume whose map cannot be had
 * (kept {@link #FAILED_MAP_TTL}), and a needle of no known shard or whose shard has no holder keep the
 * lookup's order. Blocking on a map miss; thread-safe (two threads missing at once may both fetch it).
 */
final class EcReadRouting {
    /** How long a volume's shard map is used before it is fetched again. */
    static final Duration MAP_TTL = Duration.ofMinutes(10);
    /** How long a volume whose map could not be fetched is read in the lookup's order before trying again. */
    static final Duration FAILED_MAP_TTL = Duration.ofSeconds(10);
    private static final NeedleShardMap NONE = NeedleShardMap.of(new long[0], new int[0], 1);

    /** @param fresh the latest generation the map answers for: a lookup naming a later one fetches it again */
    private record Entry(NeedleShardMap map, int fresh, Instant expires) {
    }

    private final HttpTransport transport;
    private final Json json;
    private final Clock clock;
    private final Duration timeout;
    private final Function<Location, String> addressOf;
    private final ConcurrentMap<VolumeId, Entry> maps = new ConcurrentHashMap<>();

    /**
     * @param transport where the map is fetched through
     * @param json      its reader
     * @param clock     time source for the maps' ages
     * @param timeout   longest wait for one map
     * @param addressOf the {@code host:port} a location is called at
     */
    EcReadRouting(HttpTransport transport, Json json, Clock clock, Duration timeout,
                  Function<Location, String> addressOf) {
        this.transport = transport;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
        this.addressOf = addressOf;
    }

    /** Where to read {@code fid} from, best first: {@code lookup}'s locations, holders of its needle's shard first. */
    List<Location> order(FileId fid, LookupResponse lookup) {
        List<Location> all = lookup.locations();
        if (lookup.ecShards() == null || lookup.ecShards().isEmpty() || all.size() < 2) {
            return all;
        }
        int generation = lookup.ecGeneration() == null ? 0 : lookup.ecGeneration();
        int shard = mapOf(fid.volumeId(), all, generation).shardOf(fid.key());
        List<Location> holders = List.of();
        for (EcShardLocations s : lookup.ecShards()) {
            if (s.shardId() == shard) {
                holders = s.locations();
            }
        }
        if (holders.isEmpty()) {
            return all;
        }
        List<Location> ordered = new ArrayList<>(all.size() + holders.size());
        Set<String> seen = new HashSet<>();
        for (Location l : holders) {
            if (seen.add(l.url())) {
                ordered.add(l);
            }
        }
        for (Location l : all) {
            if (seen.add(l.url())) {
                ordered.add(l);
            }
        }
        return ordered;
    }

    /** Forgets volume {@code id}'s map. */
    void invalidate(VolumeId id) {
        maps.remove(id);
    }

    private NeedleShardMap mapOf(VolumeId id, List<Location> holders, int generation) {
        Instant now = clock.instant();
        Entry e = maps.get(id);
        if (e != null && now.isBefore(e.expires()) && e.fresh() >= generation) {
            return e.map();
        }
        for (Location l : holders) {
            URI uri = Endpoints.uri(addressOf.apply(l), VolumeApi.EC_SHARD_MAP.query().param(VolumeApi.VOLUME,
                    id.value()));
            try {
                HttpTransport.Answer a = transport.send(HttpTransport.Request.of("GET", uri, timeout));
                if (a.ok()) {
                    EcNeedleShards wire = json.read(uri, a.body(), EcNeedleShards.class);
                    NeedleShardMap map = NeedleShardMap.fromWire(wire);
                    maps.put(id, new Entry(map, Math.max(generation, wire.generation()),
                            now.plus(wire.generation() >= generation ? MAP_TTL : FAILED_MAP_TTL)));
                    return map;
                }
            } catch (RuntimeException unreachableOrMalformed) {
                // the next holder may answer; without any, reads keep the lookup's order
            }
        }
        maps.put(id, new Entry(NONE, generation, now.plus(FAILED_MAP_TTL)));
        return NONE;
    }
}
