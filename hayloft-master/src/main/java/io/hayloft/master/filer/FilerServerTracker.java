package io.hayloft.master.filer;

import io.hayloft.api.wire.FilerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this master heard from each filer server, soft state like the volume topology: its last beat,
 * when, and the partition replicas it reported. A master that just became leader counts a server's
 * silence from then at the latest ({@link #leading}), so it never declares dead a server it had no
 * chance to hear. Thread-safe.
 */
final class FilerServerTracker {
    /** One heartbeat and when it arrived. */
    record Beat(Instant at, FilerHeartbeat heartbeat) {
    }

    private final Map<Long, Beat> beats = new ConcurrentHashMap<>();
    private volatile Instant leadingSince;

    void beat(FilerHeartbeat heartbeat, Instant now) {
        beats.put(heartbeat.nodeId(), new Beat(now, heartbeat));
    }

    Optional<Beat> last(long nodeId) {
        return Optional.ofNullable(beats.get(nodeId));
    }

    /** Notes that this master leads since {@code now} unless it already did; {@code false} forgets it. */
    void leading(boolean leader, Instant now) {
        if (!leader) {
            leadingSince = null;
        } else if (leadingSince == null) {
            leadingSince = now;
        }
    }

    /**
     * How long {@code nodeId} has been silent: since its last beat, or since this master leads if
     * that is later (or it never beat); zero while this master does not lead.
     */
    Duration silence(long nodeId, Instant now) {
        Instant since = leadingSince;
        if (since == null) {
            return Duration.ZERO;
        }
        Beat b = beats.get(nodeId);
        Instant from = b == null || b.at().isBefore(since) ? since : b.at();
        return from.isAfter(now) ? Duration.ZERO : Duration.between(from, now);
    }

    /** Milliseconds since {@code nodeId}'s last beat to this master, -1 when it never beat here. */
    long silentMillis(long nodeId, Instant now) {
        Beat b = beats.get(nodeId);
        return b == null ? -1 : Math.max(0, Duration.between(b.at(), now).toMillis());
    }
}
