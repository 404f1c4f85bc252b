package io.hayloft.master.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.repair.ClusterView;
import io.hayloft.master.repair.ClusterView.ReplicaView;
import io.hayloft.master.repair.ClusterView.VolumeView;
import io.hayloft.master.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader erasure-coding volumes by itself, by {@link EcPolicy}: each pass picks the fullest volume
 * that qualifies (every replica present, at least {@code fullPercent} of the size limit, no write for
 * {@code quietFor}, of a covered collection, no TTL, not busy) and encodes it with {@link EcEncoding}, one
 * volume a pass. A volume whose encoding fails is left alone for {@link #RETRY_AFTER}. Does nothing while
 * the policy is off, on a follower, or before the leader has led for the settle time. Thread-safe; a pass
 * blocks for the encoding (the leader's background loop).
 */
public final class EcAutoEncode {
    /** How long a volume whose automatic encoding failed is left alone. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(EcAutoEncode.class);

    private final Topology topology;
    private final EcEncoding encoding;
    private final BusyVolumes busy;
    private final EcPolicy policy;
    private final Clock clock;
    private final Duration settle;
    private final BooleanSupplier isLeader;
    private final Map<VolumeId, Instant> failedAt = new HashMap<>();
    private Instant leaderSince;

    /**
     * @param settle   how long a new leader waits before its first automatic encoding
     * @param isLeader true while this master leads
     */
    public EcAutoEncode(Topology topology, EcEncoding encoding, BusyVolumes busy, EcPolicy policy, Clock clock,
                        Duration settle, BooleanSupplier isLeader) {
        this.topology = topology;
        this.encoding = encoding;
        this.busy = busy;
        this.policy = policy;
        this.clock = clock;
        this.settle = settle;
        this.isLeader = isLeader;
    }

    /**
     * One pass: encodes at most one qualifying volume.
     *
     * @return the volume encoded, if one was
     */
    public synchronized Optional<VolumeId> pass() {
        Instant now = clock.instant();
        if (!policy.enabled() || !isLeader.getAsBoolean()) {
            leaderSince = null;
            return Optional.empty();
        }
        if (leaderSince == null) {
            leaderSince = now;
        }
        if (now.isBefore(leaderSince.plus(settle))) {
            return Optional.empty();
        }
        failedAt.values().removeIf(t -> !t.plus(RETRY_AFTER).isAfter(now));
        Optional<VolumeView> next = ClusterView.of(topology).volumes().stream()
                .filter(v -> qualifies(v, now))
                .max(Comparator.comparingLong(EcAutoEncode::size));
        if (next.isEmpty()) {
            return Optional.empty();
        }
        VolumeId id = next.get().id();
        try {
            encoding.encode(id, null, true);
            LOG.info("erasure-coded volume {} by policy ({}% full or more, quiet for {})", id, policy.fullPercent(),
                    policy.quietFor());
            return Optional.of(id);
        } catch (HayloftException e) {
            failedAt.put(id, now);
            LOG.warn("automatic erasure coding of volume {} failed (retried in {}): {}", id, RETRY_AFTER,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether volume {@code v} is to be encoded now by the policy. Pure but for the clock reading passed in. */
    boolean qualifies(VolumeView v, Instant now) {
        if (!policy.covers(v.key().collection()) || !v.key().ttl().isNone() || v.replicas().size() < v.copies()
                || busy.snapshot().contains(v.id()) || failedAt.containsKey(v.id())
                || topology.ecVolume(v.id()).isPresent()) {
            return false;
        }
        long limit = topology.volumeSizeLimit();
        if (size(v) * 100 < limit * (long) policy.fullPercent()) {
            return false;
        }
        long lastWrite = v.replicas().stream().mapToLong(r -> r.info().modifiedAtSecond()).max().orElse(0);
        return !Instant.ofEpochSecond(lastWrite).plus(policy.quietFor()).isAfter(now);
    }

    private static long size(VolumeView v) {
        return v.replicas().stream().map(ReplicaView::info).mapToLong(i -> i.size()).max().orElse(0);
    }
}
