package io.hayloft.master.ec;

import java.time.Duration;
import java.util.List;

/**
 * When the leader erasure-codes volumes by itself ({@code -ec.fullPercent}, {@code -ec.quietFor},
 * {@code -ec.collections}): a volume whose every replica is present, that is at least {@code fullPercent}
 * of the volume size limit full and has taken no write for {@code quietFor}, of one of {@code collections}
 * (all when empty), without a TTL. Immutable.
 *
 * @param fullPercent 1..100; 0 turns automatic encoding off
 * @param quietFor    how long the volume must have taken no write
 * @param collections the collections encoded automatically; empty for all
 */
public record EcPolicy(int fullPercent, Duration quietFor, List<String> collections) {
    /** Automatic encoding off. */
    public static final EcPolicy OFF = new EcPolicy(0, Duration.ofHours(1), List.of());

    public EcPolicy {
        collections = List.copyOf(collections);
        for (String c : collections) {
            try {
                io.hayloft.api.Collections.check(c);
            } catch (io.hayloft.api.HayloftException e) {
                throw io.hayloft.api.HayloftException.badRequest("-ec.collections: " + e.getMessage());
            }
        }
    }

    /** Whether the leader encodes by itself at all. */
    public boolean enabled() {
        return fullPercent > 0;
    }

    /** Whether volumes of {@code collection} are encoded automatically. */
    public boolean covers(String collection) {
        return collections.isEmpty() || collections.contains(collection);
    }

    public EcPolicy withFullPercent(int p) {
        return new EcPolicy(p, quietFor, collections);
    }

    public EcPolicy withQuietFor(Duration d) {
        return new EcPolicy(fullPercent, d, collections);
    }

    public EcPolicy withCollections(List<String> c) {
        return new EcPolicy(fullPercent, quietFor, c);
    }
}
