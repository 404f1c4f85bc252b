package io.hayloft.volume.sync;

import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeDigest;
import io.hayloft.volume.transfer.SyncWire;
import io.hayloft.http.BackgroundLoop;
import io.hayloft.volume.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replica sync (anti-entropy) of one volume server: compares its copy of a volume with the other
 * replicas and repairs differences by the rule of {@link SyncDecision}.
 *
 * <p>A sync of one volume compares twice, {@link SyncConfig#settle()} apart, and acts only on what
 * both comparisons saw. Each comparison goes from coarse to fine: volume digests with each peer
 * ({@link VolumeDigest}, {@code buckets=false}), then the bucket digests of peers that differ, then
 * the entries of the differing buckets from this copy and every peer. Repairs:
 * <pre>
 *   copy here       GET peer /admin/volume/needle ─► Volume.repair
 *   copy to peer    Volume.readStored ─► POST peer /admin/volume/needle
 *   delete here     Volume.repairDelete
 *   delete on peer  DELETE peer /admin/volume/needle
 * </pre>
 * A repair that fails is logged and counted ({@link SyncMetrics}), never thrown.
 *
 * <p>The background loop ({@link #start()}) runs {@link #syncAll()} every
 * {@link SyncConfig#interval()}: this server coordinates a volume only when its placement has more
 * than one copy and the replica lookup lists exactly that many replicas, this server included and
 * sorting first (so one replica per volume coordinates, and never one that is surplus or short).
 *
 * <p>Threading: the loop runs on one virtual thread; {@link #syncNow} and {@link #syncAll} block
 * (call them from virtual threads). Syncs of the same volume are serialised; of different volumes
 * they may run in parallel.
 */
public final class ReplicaSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSync.class);
    /** Conflicting keys named in one log line at most. */
    private static final int LOGGED_KEYS = 10;

    /** Waits out the settle period between the two comparisons. */
    @FunctionalInterface
    interface Settle {
        /** @return false if sync is closing and the sync should stop */
        boolean await(Duration settle) throws InterruptedException;
    }

    private final Store store;
    private final Function<VolumeId, List<String>> replicas;
    private final Supplier<String> selfUrl;
    private final VolumePeerClient client;
    private final SyncConfig config;
    private final SyncMetrics metrics;
    private final Settle settle;
    private final SyncProgress progress;
    private final BackgroundLoop loop = new BackgroundLoop("hayloft-sync", "replica sync round");
    private final ConcurrentMap<VolumeId, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param store    the volumes of this server
     * @param replicas the current replicas of a volume as {@code host:port}, this server included
     *                 (a master lookup); may throw when no master answers
     * @param selfUrl  this server's {@code host:port}, as the lookup lists it
     * @param client   for calls to the other replicas
     * @param config   interval and settle period
     * @param registry where the {@code hayloft_volume_sync_*} meters are registered
     * @param clock    when rounds and syncs happen ({@link #progress()})
     */
    public ReplicaSync(Store store, Function<VolumeId, List<String>> replicas, Supplier<String> selfUrl,
                       VolumePeerClient client, SyncConfig config, MeterRegistry registry, Clock clock) {
        this(store, replicas, selfUrl, client, config, registry, clock, null);
    }

    /** As above, with the settle wait replaced (tests act between the two comparisons). */
    ReplicaSync(Store store, Function<VolumeId, List<String>> replicas, Supplier<String> selfUrl,
                VolumePeerClient client, SyncConfig config, MeterRegistry registry, Clock clock, Settle settle) {
        this.store = Objects.requireNonNull(store, "store");
        this.replicas = Objects.requireNonNull(replicas, "replicas");
        this.selfUrl = Objects.requireNonNull(selfUrl, "selfUrl");
        this.client = Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new SyncMetrics(registry);
        this.progress = new SyncProgress(Objects.requireNonNull(clock, "clock"));
        this.settle = settle == null ? loop::await : settle;
    }

    /** Starts the background loop if the config enables it; returns this. Call once. */
    public ReplicaSync start() {
        if (config.enabled()) {
            loop.start(config.interval(), this::syncAll);
            LOG.info("replica sync every {}, settle {}", config.interval(), config.settle());
        } else {
            LOG.info("replica sync disabled (-syncIntervalSeconds 0)");
        }
        return this;
    }

    /**
     * Compares this server's copy of a volume with every other replica now, this server
     * coordinating whatever its rank, and with {@code apply} repairs what both comparisons saw.
     *
     * @return what was found and done
     * @throws HayloftException {@code NOT_FOUND} if this server does not hold the volume (or the
     *                          lookup does not know it); {@code UNAVAILABLE} if the lookup or a peer
     *                          fails during the comparisons (nothing is repaired then), or if sync
     *                          is closing
     */
    public SyncReport syncNow(VolumeId id, boolean apply) {
        Volume volume = store.volume(id);
        String self = selfUrl.get();
        try {
            SyncReport report = sync(volume, others(replicas(id), self), apply);
            progress.synced(report, false);
            return report;
        } catch (RuntimeException e) {
            progress.failed(id.value(), String.valueOf(e.getMessage()), false);
            throw e;
        }
    }

    /** The round running now, the last one, and the latest syncs of single volumes. Thread-safe. */
    public SyncProgress.Snapshot progress() {
        return progress.snapshot();
    }

    /** Its interval and settle period. */
    public SyncConfig config() {
        return config;
    }

    /**
     * One background round: syncs (with repairs) every volume this server coordinates. A volume
     * whose lookup or sync fails is logged and skipped.
     *
     * @return the reports of the volumes synced
     */
    public List<SyncReport> syncAll() {
        String self = selfUrl.get();
        List<SyncReport> reports = new ArrayList<>();
        List<Volume> volumes = List.copyOf(store.volumes());
        progress.roundStarted(volumes.size());
        for (Volume volume : volumes) {
            if (loop.closing()) {
                break;
            }
            progress.volumeStarted(volume.id().value());
            Optional<List<String>> peers = coordinatedPeers(volume, self);
            if (peers.isPresent()) {
                try {
                    SyncReport report = sync(volume, peers.get(), true);
                    reports.add(report);
                    progress.synced(report, true);
                } catch (RuntimeException e) {
                    LOG.warn("replica sync of volume {} failed: {}", volume.id(), e.getMessage());
                    progress.failed(volume.id().value(), String.valueOf(e.getMessage()), true);
                }
            }
            progress.volumeConsidered();
        }
        progress.roundFinished();
        metrics.roundCompleted();
        return reports;
    }

    /** Stops the loop and waits (up to 10 s) for a round in progress to notice. Idempotent. */
    @Override
    public void close() {
        loop.close();
    }

    /** The other replicas when this server coordinates {@code volume} now; empty otherwise. */
    private Optional<List<String>> coordinatedPeers(Volume volume, String self) {
        int copies = volume.replicaPlacement().copies();
        if (copies < 2) {
            return Optional.empty();
        }
        List<String> all;
        try {
            all = replicas(volume.id());
        } catch (RuntimeException e) {
            LOG.info("replica sync: cannot look up the replicas of volume {}: {}", volume.id(), e.getMessage());
            return Optional.empty();
        }
        if (all.size() != copies || !all.contains(self)) {
            LOG.debug("replica sync: volume {} wants {} copies, the lookup lists {}: not synced", volume.id(), copies,
                    all);
            return Optional.empty();
        }
        if (!all.getFirst().equals(self)) {
            return Optional.empty(); // another replica coordinates
        }
        return Optional.of(others(all, self));
    }

    /** The replicas of {@code id} from the lookup: without nulls and duplicates, sorted. */
    private List<String> replicas(VolumeId id) {
        return replicas.apply(id).stream().filter(Objects::nonNull).distinct().sorted().toList();
    }

    private static List<String> others(List<String> replicas, String self) {
        return replicas.stream().filter(u -> !u.equals(self)).toList();
    }

    private SyncReport sync(Volume volume, List<String> peerUrls, boolean apply) {
        VolumeId id = volume.id();
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            Map<String, SyncPeer> peers = new LinkedHashMap<>();
            peerUrls.forEach(u -> peers.put(u, new SyncPeer(client, u)));
            SyncPlan plan = compare(volume, peers);
            if (!plan.isEmpty()) {
                awaitSettle();
                plan = plan.intersect(compare(volume, peers));
            }
            if (!plan.conflicts().isEmpty()) {
                metrics.conflicts(plan.conflicts().size());
                LOG.warn("volume {}: {} keys are live on several replicas with different sizes, left alone: {}", id,
                        plan.conflicts().size(), plan.conflicts().stream().limit(LOGGED_KEYS).map(Long::toHexString)
                                .collect(Collectors.joining(",")));
            }
            long repaired = apply ? apply(volume, peers, plan) : 0;
            SyncReport report = new SyncReport(id.value(), peerUrls, plan.isEmpty(),
                    plan.count(SyncAction.Kind.COPY_HERE), plan.count(SyncAction.Kind.COPY_TO_PEER),
                    plan.count(SyncAction.Kind.DELETE_HERE), plan.count(SyncAction.Kind.DELETE_ON_PEER),
                    plan.conflicts().size(), repaired, apply);
            if (!report.inSync()) {
                LOG.info("replica sync of volume {} with {}: {}", id, peerUrls, report);
            }
            return report;
        } finally {
            lock.unlock();
        }
    }

    /** One comparison: digests, then bucket digests, then entries of the differing buckets. */
    private static SyncPlan compare(Volume volume, Map<String, SyncPeer> peers) {
        VolumeId id = volume.id();
        VolumeDigest local = VolumeDigest.of(volume);
        BitSet differing = new BitSet(VolumeDigest.BUCKETS);
        for (SyncPeer peer : peers.values()) {
            if (!peer.summary(id).matches(local)) {
                differing.or(local.differingBuckets(peer.digest(id)));
            }
        }
        if (differing.isEmpty()) {
            return SyncPlan.EMPTY;
        }
        ReplicaEntries here = LocalEntries.collect(volume, differing);
        Map<String, ReplicaEntries> theirs = new LinkedHashMap<>();
        for (SyncPeer peer : peers.values()) {
            theirs.put(peer.url(), peer.entries(id, differing));
        }
        return SyncDecision.decide(here, theirs);
    }

    /** Carries the plan out in its order (this copy first); returns how many repairs succeeded. */
    private long apply(Volume volume, Map<String, SyncPeer> peers, SyncPlan plan) {
        long repaired = 0;
        for (SyncAction action : plan.actions()) {
            if (loop.closing()) {
                break;
            }
            try {
                if (repair(volume, peers, action)) {
                    repaired++;
                    metrics.repaired(action.kind());
                } else {
                    LOG.debug("volume {}: {}: nothing left to do (changed meanwhile)", volume.id(), action);
                }
            } catch (RuntimeException e) {
                metrics.failed(action.kind());
                LOG.warn("volume {}: repair {} failed: {}", volume.id(), action, e.toString());
            }
        }
        return repaired;
    }

    /** @return true if the repair was made; false if it had become moot (the needle went meanwhile) */
    private static boolean repair(Volume volume, Map<String, SyncPeer> peers, SyncAction action) {
        VolumeId id = volume.id();
        long key = action.key();
        return switch (action.kind()) {
            // a tombstone carries the append time of the one the other replica holds: the copies stay the same bytes
            case DELETE_HERE -> volume.repairDelete(key, peerTombstoneTime(peers, id, key));
            case COPY_HERE -> {
                Optional<Needle> needle = peers.get(action.peer()).needle(id, key);
                needle.ifPresent(volume::repair);
                yield needle.isPresent();
            }
            case DELETE_ON_PEER -> peers.get(action.peer()).delete(id, key,
                    volume.tombstoneRecord(key).map(NeedleRecord::appendAtNs).orElse(0L));
            case COPY_TO_PEER -> {
                Optional<Needle> needle = volume.readStored(key);
                needle.ifPresent(n -> peers.get(action.peer()).store(id, n));
                yield needle.isPresent();
            }
        };
    }

    /** The append time of the first tombstone of {@code key} a peer holds; 0 (now) when none has one. */
    private static long peerTombstoneTime(Map<String, SyncPeer> peers, VolumeId id, long key) {
        for (SyncPeer peer : peers.values()) {
            try {
                java.util.OptionalLong at = peer.tombstoneAppendAt(id, key);
                if (at.isPresent()) {
                    return at.getAsLong();
                }
            } catch (RuntimeException e) {
                LOG.debug("volume {}: no tombstone time of {} from a peer: {}", id, SyncWire.key(key), e.toString());
            }
        }
        return 0;
    }

    private void awaitSettle() {
        try {
            if (!settle.await(config.settle())) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "replica sync is closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while replica sync settled", e);
        }
    }
}
