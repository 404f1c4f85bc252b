package io.hayloft.master.topology;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.VolumeReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The cluster as the master sees it: data centers, racks and data nodes built from heartbeats,
 * and the volume layouts that say where each volume is and which can take writes.
 *
 * <p>Thread-safe: every method takes this object's lock, so the tree and the layouts always agree.
 * No method blocks on I/O. Time comes from the injected clock. An event loop never waits for the
 * lock: it uses {@link #tryPickWritable} and {@link #tryRun}, which give up at once when another
 * thread (a heartbeat being applied, a repair pass) holds it, and hands its request to a thread that may wait.
 */
public final class Topology {
    /** Data center of a node that names none. */
    public static final String DEFAULT_DATA_CENTER = "DefaultDataCenter";
    /** Rack of a node that names none. */
    public static final String DEFAULT_RACK = "DefaultRack";
    /** Who holds a volume back when vacuum withholds it through {@link #withholdWrites}. */
    private static final Object VACUUM_HOLD = "vacuum";

    private final Clock clock;
    /** See {@link #placementVersion()}. */
    private long placementVersion;
    /** Volumes whose replicas or their places changed since the last {@link #drainPlacementChanges}. */
    private final Set<VolumeId> placementChanged = new HashSet<>();
    /** True when more changed than {@link #MAX_PLACEMENT_CHANGES} (or before the first drain): all may have. */
    private boolean everyPlacementChanged = true;
    /** When a full report was last deferred ({@link #touch}); null before the first. */
    private Instant lastFullReportDeferred;
    /** Most changed volumes remembered one by one; past it a reader is told to look at everything. */
    static final int MAX_PLACEMENT_CHANGES = 100_000;
    private final long volumeSizeLimit;
    private final Duration deadNodeTimeout;
    private final RandomGenerator random;
    private final ReplicaPlacer placer;
    private final Map<String, DataCenter> dataCenters = new LinkedHashMap<>();
    private final Map<String, DataNode> nodesByUrl = new HashMap<>();
    private final Map<LayoutKey, VolumeLayout> layouts = new LinkedHashMap<>();
    private final Map<VolumeId, VolumeLayout> layoutOf = new HashMap<>();
    private final EcShardIndex ecShards = new EcShardIndex();
    /** Guards everything here; a lock, not a monitor, so that an event loop can try it ({@link #tryRun}). */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    /** Signalled when volumes or shards change (wakes {@link #awaitReplica} and {@link #awaitEcShards}). */
    private final java.util.concurrent.locks.Condition changed = lock.newCondition();

    /**
     * @param clock           time source for liveness
     * @param volumeSizeLimit bytes at which a volume stops being writable
     * @param deadNodeTimeout silence after which a node is removed
     * @param random          tie-breaker for placement and volume picks
     */
    public Topology(Clock clock, long volumeSizeLimit, Duration deadNodeTimeout, RandomGenerator random) {
        this.clock = clock;
        this.volumeSizeLimit = volumeSizeLimit;
        this.deadNodeTimeout = deadNodeTimeout;
        this.random = random;
        this.placer = new ReplicaPlacer(random);
    }

    public long volumeSizeLimit() {
        return volumeSizeLimit;
    }

    /**
     * Applies a heartbeat. A full report creates or moves the node, records every reported volume and
     * drops the locations of volumes it no longer reports (except volumes growth created within the
     * last dead-node timeout, which a beat sent before the allocation may not list yet). A delta
     * ({@link Heartbeat#delta}) is applied only on top of the node's previous beat: it refreshes the
     * node, records the volumes it lists and drops the ones it names deleted, touching nothing else,
     * so an unchanged server's beat costs a map lookup. A delta from an unknown node, or one that
     * skips a beat, changes no volume and asks for a full report (the node's liveness is still
     * refreshed when it is known).
     *
     * @return the largest volume id the beat reported, whether a full report is needed, and for a full
     *         report from a known node the volumes believed on it before the beat
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} for a malformed report; nothing changes then
     */
    public HeartbeatOutcome heartbeat(Heartbeat hb) {
        return locked(() -> {
            io.hayloft.api.HayloftException.checkArgument(!hb.delta() || hb.sequence() > 0,
                    "a delta heartbeat needs its sequence number (1 or more)");
            io.hayloft.api.HayloftException.checkArgument(hb.delta() || hb.deletedVolumes().isEmpty(),
                    "deletedVolumes belongs to a delta heartbeat; a full report lists what the server holds");
            List<VolumeInfo> reported = new ArrayList<>();
            for (VolumeReport r : hb.volumes()) {
                reported.add(VolumeInfo.from(r));
            }
            Map<VolumeId, EcShards> ecReported = new java.util.TreeMap<>();
            for (EcShardReport r : hb.ecShards()) {
                io.hayloft.api.HayloftException.checkArgument(r != null && r.id() > 0,
                        "an ecShards entry needs a volume id above 0");
                if (r.shardBits() != 0) {
                    ecReported.put(VolumeId.of(r.id()), new EcShards(VolumeId.of(r.id()), r.collection(), r.shardBits(),
                            r.generation()));
                }
            }
            List<VolumeId> deleted = new ArrayList<>();
            for (Integer id : hb.deletedVolumes()) {
                io.hayloft.api.HayloftException.checkArgument(id != null, "deletedVolumes holds a null id");
                deleted.add(VolumeId.of(id));
            }
            Instant now = clock.instant();
            if (hb.delta()) {
                return applyDelta(hb, reported, deleted, ecReported, now);
            }
            DataNode known = nodesByUrl.get(hb.url());
            List<Integer> expected = known == null ? null
                    : known.volumes().keySet().stream().map(VolumeId::value).sorted().toList();
            DataNode node = locate(hb, now);
            Set<VolumeId> seen = new HashSet<>();
            int maxId = registerAll(node, reported);
            reported.forEach(info -> seen.add(info.id()));
            Instant graceStart = now.minus(deadNodeTimeout);
            for (VolumeId id : List.copyOf(node.volumes().keySet())) {
                if (!seen.contains(id) && !node.isFreshlyGrown(id, graceStart)) {
                    unregister(node, id);
                }
            }
            ecShards.replace(node, ecReported);
            node.applied(hb.sequence());
            changed.signalAll(); // wakes awaitReplica and awaitEcShards
            return new HeartbeatOutcome(maxId, false, expected);
        });
    }

    /**
     * Counts a beat whose full report was deferred ({@link FullReportBudget}) as a sign of life: the
     * node at {@code nodeUrl}, when known, is not taken for dead meanwhile. Remembers when it happened
     * ({@link #lastFullReportDeferred}), known node or not. Nothing else changes.
     *
     * @return true when the node is known
     */
    public boolean touch(String nodeUrl) {
        return locked(() -> {
            lastFullReportDeferred = clock.instant();
            DataNode node = nodesByUrl.get(nodeUrl);
            if (node == null) {
                return false;
            }
            node.refresh(node.publicUrl(), node.maxVolumeCount(), clock.instant());
            return true;
        });
    }

    /**
     * When this master last deferred a full report ({@link #touch}); empty when it never did. While it
     * defers them, some live servers' volumes are missing from this topology: a volume short of a replica
     * may only be waiting for a report.
     */
    public Optional<Instant> lastFullReportDeferred() {
        return locked(() -> Optional.ofNullable(lastFullReportDeferred));
    }

    private HeartbeatOutcome applyDelta(Heartbeat hb, List<VolumeInfo> reported, List<VolumeId> deleted,
                                        Map<VolumeId, EcShards> ecReported, Instant now) {
        DataNode known = nodesByUrl.get(hb.url());
        if (known == null) {
            // creating it would show its slots as free: wait for the full report it is asked for
            return new HeartbeatOutcome(0, true, null);
        }
        DataNode node = locate(hb, now);
        if (!node.follows(hb.sequence())) {
            return new HeartbeatOutcome(0, true, null);
        }
        int maxId = registerAll(node, reported);
        for (VolumeId id : deleted) {
            unregister(node, id);
        }
        // every beat, delta or not, carries the node's whole shard list (a few entries at most)
        boolean shardsChanged = !node.ecShards().equals(ecReported);
        if (shardsChanged) {
            ecShards.replace(node, ecReported);
        }
        node.applied(hb.sequence());
        if (!reported.isEmpty() || !deleted.isEmpty() || shardsChanged) {
            changed.signalAll(); // wakes awaitReplica and awaitEcShards
        }
        return new HeartbeatOutcome(maxId, false, null);
    }

    private int registerAll(DataNode node, List<VolumeInfo> reported) {
        int maxId = 0;
        for (VolumeInfo info : reported) {
            maxId = Math.max(maxId, info.id().value());
            register(node, info);
            node.confirmReported(info.id());
        }
        return maxId;
    }

    /**
     * What applying one heartbeat gave.
     *
     * @param maxVolumeId      the largest volume id the beat reported, 0 when none
     * @param fullReportNeeded true when the beat was a delta that could not be applied
     * @param expectedVolumes  for a full report from a node known before it, the volume ids believed on the
     *                         node before the beat, ascending; null otherwise
     */
    public record HeartbeatOutcome(int maxVolumeId, boolean fullReportNeeded, List<Integer> expectedVolumes) {
    }

    /**
     * Waits until a heartbeat of the node at {@code nodeUrl} lists volume {@code id} (a replica just
     * copied there), up to {@code timeout} of real time.
     *
     * @return true when it does, false when the time ran out first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitReplica(VolumeId id, String nodeUrl, Duration timeout)
            throws InterruptedException {
        return awaitChange(timeout, () -> {
            DataNode node = nodesByUrl.get(nodeUrl);
            return node != null && node.volumes().containsKey(id);
        });
    }

    /** Waits, up to {@code timeout} of real time, until {@code holds} (checked under the lock) is true. */
    private boolean awaitChange(Duration timeout, java.util.function.BooleanSupplier holds) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!holds.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The volume ids this master believes the node at {@code nodeUrl} ({@code ip:port}) holds, in
     * ascending order; empty when it does not know the node (it has no opinion then).
     */
    public Optional<List<Integer>> volumesBelievedOn(String nodeUrl) {
        return locked(() -> {
            DataNode node = nodesByUrl.get(nodeUrl);
            return node == null ? Optional.empty()
                    : Optional.of(node.volumes().keySet().stream().map(VolumeId::value).sorted().toList());
        });
    }

    /**
     * Removes every node silent for longer than the dead-node timeout, with its volume locations.
     *
     * @return the removed nodes' urls
     */
    public List<String> removeDeadNodes() {
        return locked(() -> {
            Instant cutoff = clock.instant().minus(deadNodeTimeout);
            List<String> removed = new ArrayList<>();
            for (DataNode node : List.copyOf(nodesByUrl.values())) {
                if (node.lastSeen().isBefore(cutoff)) {
                    for (VolumeId id : List.copyOf(node.volumes().keySet())) {
                        unregister(node, id);
                    }
                    detach(node);
                    ecShards.forget(node);
                    nodesByUrl.remove(node.url());
                    removed.add(node.url());
                }
            }
            return removed;
        });
    }

    /** Where replicas of {@code id} are; empty when the volume is unknown. */
    public Optional<List<Location>> lookup(VolumeId id) {
        return locked(() -> {
            VolumeLayout layout = layoutOf.get(id);
            if (layout == null) {
                return Optional.empty();
            }
            List<Location> locations = layout.nodesOf(id).stream().map(DataNode::location).toList();
            return locations.isEmpty() ? Optional.empty() : Optional.of(locations);
        });
    }

    /**
     * Where the shards of erasure-coded volume {@code id} are: for each shard held somewhere, the nodes
     * holding it (usually one), ascending by shard; empty when no node reports a shard of it.
     */
    public Optional<EcVolumeView> ecVolume(VolumeId id) {
        return locked(() -> ecShards.view(id));
    }

    /** Every erasure-coded volume some node holds shards of, by id. */
    public java.util.SortedMap<VolumeId, EcVolumeView> ecVolumes() {
        return locked(() -> ecShards.all());
    }

    /**
     * An erasure-coded volume as the topology knows it: valid while the nodes are (read it under
     * {@link #inspect} or use only urls and locations).
     *
     * @param id         the volume
     * @param collection its collection
     * @param holders    the nodes holding each shard, by shard id
     * @param generation the latest generation of its shards a holder reports serving (a compaction's commit
     *                   reaches the holders one by one)
     */
    public record EcVolumeView(VolumeId id, String collection, java.util.SortedMap<Integer, List<DataNode>> holders,
                               int generation) {
        /** The shard ids held somewhere, as bits. */
        public long presentBits() {
            long bits = 0;
            for (int s : holders.keySet()) {
                bits |= 1L << s;
            }
            return bits;
        }

        /** Every node holding any shard, each once, by url. */
        public List<DataNode> nodes() {
            java.util.SortedMap<String, DataNode> byUrl = new java.util.TreeMap<>();
            holders.values().forEach(l -> l.forEach(n -> byUrl.put(n.url(), n)));
            return List.copyOf(byUrl.values());
        }
    }

    /**
     * Waits until every node of {@code expected} ({@code ip:port} → shard bits) reports holding (at
     * least) those shards of volume {@code id}, up to {@code timeout} of real time.
     *
     * @return true when they all do, false when the time ran out first
     */
    public boolean awaitEcShards(VolumeId id, Map<String, Long> expected, Duration timeout)
            throws InterruptedException {
        return awaitChange(timeout, () -> {
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                DataNode node = nodesByUrl.get(e.getKey());
                EcShards held = node == null ? null : node.ecShards().get(id);
                if (held == null || (held.bits() & e.getValue()) != e.getValue()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Forgets that the node at {@code nodeUrl} holds shards {@code bits} of volume {@code id} (just deleted there). */
    public void dropEcShards(VolumeId id, String nodeUrl, long bits) {
        locked(() -> {
            DataNode node = nodesByUrl.get(nodeUrl);
            if (node != null) {
                ecShards.drop(node, id, bits);
            }
            return null;
        });
    }

    /**
     * Records that the server at {@code nodeUrl} refused a write to volume {@code id} because it is
     * read-only or full, so it gets no more assignments; its next heartbeat says the same or, if
     * the volume has room again, makes it writable again.
     */
    public void markReadOnly(VolumeId id, String nodeUrl) {
        locked(() -> {
            for (DataCenter dc : dataCenters.values()) {
                for (Rack rack : dc.racks()) {
                    for (DataNode node : rack.nodes()) {
                        VolumeInfo info = node.url().equals(nodeUrl) ? node.volumes().get(id) : null;
                        if (info != null) {
                            node.putVolume(new VolumeInfo(info.id(), info.key(), info.size(), info.fileCount(),
                                    info.deleteCount(), info.deletedBytes(), true, info.compactRevision(),
                                    info.modifiedAtSecond()));
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * Keeps volume {@code id} from assignments on behalf of vacuum, or gives it back; heartbeats do
     * not change this. Holds taken with {@link #holdWrites} are independent of this one. A volume
     * unknown here is ignored.
     *
     * @return false when the volume is unknown
     */
    public boolean withholdWrites(VolumeId id, boolean hold) {
        return locked(() -> {
            VolumeLayout layout = layoutOf.get(id);
            if (layout == null) {
                return false;
            }
            layout.withhold(id, VACUUM_HOLD, hold);
            return true;
        });
    }

    /**
     * Keeps volume {@code id} from assignments until the returned hold is closed (replica copies and
     * moves). Several holds may coexist with each other and with vacuum's: the volume is writable
     * again only when all are released. A volume unknown here gets a hold that does nothing.
     */
    public WriteHold holdWrites(VolumeId id) {
        return locked(() -> {
            WriteHold hold = new WriteHold(this, id);
            VolumeLayout layout = layoutOf.get(id);
            if (layout != null) {
                layout.withhold(id, hold, true);
            }
            return hold;
        });
    }

    void releaseHold(WriteHold hold) {
        locked(() -> {
            VolumeLayout layout = layoutOf.get(hold.volumeId());
            if (layout != null) {
                layout.withhold(hold.volumeId(), hold, false);
            }
            return null;
        });
    }

    /**
     * Reserves one slot on the node at {@code nodeUrl} (a replica about to be copied there), so
     * growth does not take it meanwhile; hand it back to {@link #release(SlotReservation)}.
     *
     * @return empty when the node is unknown or has no free slot
     */
    public Optional<SlotReservation> reserveSlot(String nodeUrl) {
        return locked(() -> {
            DataNode node = nodesByUrl.get(nodeUrl);
            if (node == null || node.freeSlots() <= 0) {
                return Optional.empty();
            }
            node.reserve();
            return Optional.of(new SlotReservation(List.of(node)));
        });
    }

    /**
     * Forgets that the node at {@code nodeUrl} holds volume {@code id} (it was just deleted there),
     * without waiting for the node's next heartbeat.
     *
     * @return false when the node did not hold it
     */
    public boolean dropReplica(VolumeId id, String nodeUrl) {
        return locked(() -> {
            DataNode node = nodesByUrl.get(nodeUrl);
            if (node == null || !node.volumes().containsKey(id)) {
                return false;
            }
            unregister(node, id);
            return true;
        });
    }

    /** The collection of volume {@code id}, if known. */
    public Optional<String> collectionOf(VolumeId id) {
        return locked(() -> Optional.ofNullable(layoutOf.get(id)).map(l -> l.key().collection()));
    }

    /** Runs {@code body} holding the lock. */
    private <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #pickWritable} if the lock is free now, for an event loop.
     *
     * @return null when another thread holds the lock (call {@link #pickWritable} from a thread that may
     *         wait), else what {@link #pickWritable} returns
     */
    public Optional<VolumeLayout.WritableVolume> tryPickWritable(LayoutKey key, PlacementConstraint c) {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return pickWritable(key, c);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code reader} holding the lock if it is free now, for an event loop: the topology's own
     * methods called inside do not wait (the lock is reentrant). Keep {@code reader} short, without I/O.
     *
     * @return null when another thread holds the lock, else {@code reader}'s result
     */
    public <T> T tryRun(java.util.function.Supplier<T> reader) {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }

    /** Picks a writable volume of {@code key} whose replicas the constraint admits; empty if none. */
    public Optional<VolumeLayout.WritableVolume> pickWritable(LayoutKey key, PlacementConstraint c) {
        return locked(() -> {
            VolumeLayout layout = layouts.get(key);
            return layout == null ? Optional.empty() : layout.pickWritable(c, random);
        });
    }

    /**
     * Chooses nodes for one new volume and reserves a slot on each.
     *
     * @throws io.hayloft.api.HayloftException {@code NOT_ACCEPTABLE} when the placement cannot be met
     *                                         ("No free volumes left!" when no slot is free at all)
     */
    public SlotReservation reserve(ReplicaPlacement rp, PlacementConstraint constraint) {
        return locked(() -> {
            List<DataNode> nodes = placer.choose(dataCenters.values(), rp, constraint);
            nodes.forEach(DataNode::reserve);
            return new SlotReservation(nodes);
        });
    }

    /** Registers a volume allocated on the reserved nodes and frees the reservation. */
    public void commitGrowth(SlotReservation reservation, VolumeId id, LayoutKey key) {
        locked(() -> {
            Instant now = clock.instant();
            VolumeInfo info = VolumeInfo.empty(id, key);
            for (DataNode node : reservation.nodes()) {
                node.unreserve();
                if (nodesByUrl.get(node.url()) == node) {
                    node.putGrownVolume(info, now);
                    layoutFor(key).add(id, node);
                    layoutOf.put(id, layoutFor(key));
                }
            }
            return null;
        });
    }

    /** Frees a reservation whose growth failed. */
    public void release(SlotReservation reservation) {
        locked(() -> {
            reservation.nodes().forEach(DataNode::unreserve);
            return null;
        });
    }

    /** True when {@code key} has at least one writable volume. */
    public boolean hasWritable(LayoutKey key) {
        return locked(() -> {
            VolumeLayout layout = layouts.get(key);
            return layout != null && !layout.writableIds().isEmpty();
        });
    }

    /** True when a layout other than {@code key} holds at least one volume (slots are then shared). */
    public boolean hasOtherLayoutsThan(LayoutKey key) {
        return locked(() -> layouts.entrySet().stream().anyMatch(e -> !e.getKey().equals(key) && !e.getValue().volumeIds().isEmpty()));
    }

    /** True when some layout of {@code collection} exists. */
    public boolean hasCollection(String collection) {
        return locked(() -> layouts.keySet().stream().anyMatch(k -> k.collection().equals(collection)));
    }

    /** Every (volume, node url) pair of {@code collection}. */
    public List<VolumeOnNode> volumesOf(String collection) {
        return locked(() -> {
            List<VolumeOnNode> out = new ArrayList<>();
            for (DataNode node : nodesByUrl.values()) {
                node.volumes().values().stream().filter(v -> v.key().collection().equals(collection))
                        .forEach(v -> out.add(new VolumeOnNode(v.id(), node.url())));
            }
            return out;
        });
    }

    /** Forgets every volume and layout of {@code collection}. */
    public void dropCollection(String collection) {
        locked(() -> {
            for (DataNode node : nodesByUrl.values()) {
                for (VolumeInfo v : List.copyOf(node.volumes().values())) {
                    if (v.key().collection().equals(collection)) {
                        unregister(node, v.id());
                    }
                }
            }
            layouts.keySet().removeIf(k -> k.collection().equals(collection));
            return null;
        });
    }

    /**
     * The volumes with fewer or more replicas than their placement's copies: one pass over the layouts
     * under the lock, a few milliseconds at a million replicas, where a copy of the topology ({@link
     * #inspect}) takes a second of the lock that heartbeats, assigns and lookups wait for.
     */
    public Set<VolumeId> volumesShortOrInSurplus() {
        return locked(() -> {
            Set<VolumeId> out = new HashSet<>();
            for (VolumeLayout layout : layouts.values()) {
                layout.addShortOrInSurplus(out);
            }
            return out;
        });
    }

    /** A read-only copy of the whole tree and layouts, for status pages. */
    public <T> T inspect(Function<TopologyView, T> reader) {
        return locked(() -> reader.apply(new TopologyView(List.copyOf(dataCenters.values()), List.copyOf(layouts.values()))));
    }

    /** Volumes known, counting each volume once. */
    public int volumeCount() {
        return locked(() -> layoutOf.size());
    }

    public int nodeCount() {
        return locked(() -> nodesByUrl.size());
    }

    /** Free slots across all nodes. */
    public int freeSlots() {
        return locked(() -> dataCenters.values().stream().mapToInt(DataCenter::freeSlots).sum());
    }

    /**
     * The tree and layouts as seen inside {@link #inspect}: valid only during the call.
     *
     * @param dataCenters every data center
     * @param layouts     every volume layout
     */
    public record TopologyView(List<DataCenter> dataCenters, List<VolumeLayout> layouts) {
    }

    /** One replica of a volume: which volume on which node. */
    public record VolumeOnNode(VolumeId volumeId, String nodeUrl) {
    }

    /**
     * A number that changes whenever a replica is added to or removed from a node, or a node appears,
     * moves rack or goes: equal readings mean every volume still has the same replicas in the same
     * places (sizes and counters may have changed). Lets a whole-cluster pass skip a pulse in which
     * nothing it plans from changed.
     */
    public long placementVersion() {
        return locked(() -> placementVersion);
    }

    /**
     * What changed in placement since the last call: the volumes that gained or lost a replica or
     * whose replicas' server moved rack, or {@code everything} when too many did to list (or on the
     * first call). Lets one whole-cluster pass (replica repair) look only at what changed; a second
     * caller would take the first one's changes away.
     */
    public PlacementChanges drainPlacementChanges() {
        return locked(() -> {
            PlacementChanges changes = new PlacementChanges(Set.copyOf(placementChanged), everyPlacementChanged);
            placementChanged.clear();
            everyPlacementChanged = false;
            return changes;
        });
    }

    /**
     * Volumes whose placement changed.
     *
     * @param volumes    the volumes, when not {@code everything}
     * @param everything true when any volume may have changed: look at all
     */
    public record PlacementChanges(Set<VolumeId> volumes, boolean everything) {
    }

    /**
     * Reads the nodes and only the given volumes' layouts under the lock: what {@link #inspect} gives,
     * but for a few volumes of a large cluster.
     *
     * @param reader gets the view and, per volume id asked for and known, the nodes holding it
     */
    public <T> T inspectVolumes(Set<VolumeId> ids,
                                             BiFunction<TopologyView, Map<VolumeId, VolumeLayout>, T> reader) {
        return locked(() -> {
            Map<VolumeId, VolumeLayout> found = new HashMap<>();
            for (VolumeId id : ids) {
                VolumeLayout layout = layoutOf.get(id);
                if (layout != null) {
                    found.put(id, layout);
                }
            }
            return reader.apply(new TopologyView(List.copyOf(dataCenters.values()), List.of()), found);
        });
    }

    private void placementChanged(VolumeId id) {
        if (everyPlacementChanged) {
            return;
        }
        placementChanged.add(id);
        if (placementChanged.size() > MAX_PLACEMENT_CHANGES) {
            placementChanged.clear();
            everyPlacementChanged = true;
        }
    }

    private DataNode locate(Heartbeat hb, Instant now) {
        String dcId = blankTo(hb.dataCenter(), DEFAULT_DATA_CENTER);
        String rackId = blankTo(hb.rack(), DEFAULT_RACK);
        String publicUrl = blankTo(hb.publicUrl(), hb.url());
        DataCenter dc = dataCenters.computeIfAbsent(dcId, DataCenter::new);
        Rack rack = dc.getOrCreateRack(rackId);
        DataNode node = nodesByUrl.get(hb.url());
        if (node == null) {
            node = new DataNode(hb.url(), publicUrl, rack, hb.maxVolumeCount(), now);
            nodesByUrl.put(node.url(), node);
            rack.add(node);
            placementVersion++;
        } else if (node.rack() != rack) {
            detach(node);
            node.moveTo(rack);
            rack.add(node);
            placementVersion++;
            node.volumes().keySet().forEach(this::placementChanged);
        }
        node.refresh(publicUrl, Math.max(0, hb.maxVolumeCount()), now);
        return node;
    }

    private void detach(DataNode node) {
        placementVersion++;
        Rack rack = node.rack();
        rack.remove(node);
        DataCenter dc = rack.dataCenter();
        dc.removeIfEmpty(rack);
        if (dc.isEmpty()) {
            dataCenters.remove(dc.id());
        }
    }

    private void register(DataNode node, VolumeInfo info) {
        VolumeInfo previous = node.volumes().get(info.id());
        if (previous != null && !previous.key().equals(info.key())) {
            unregister(node, info.id());
            previous = null;
        }
        if (previous == null) {
            placementVersion++;
            placementChanged(info.id());
        }
        node.putVolume(info);
        VolumeLayout layout = layoutFor(info.key());
        layout.add(info.id(), node);
        layoutOf.put(info.id(), layout);
    }

    private void unregister(DataNode node, VolumeId id) {
        VolumeInfo info = node.removeVolume(id);
        if (info == null) {
            return;
        }
        placementVersion++;
        placementChanged(id);
        VolumeLayout layout = layouts.get(info.key());
        if (layout != null && layout.remove(id, node) && layoutOf.get(id) == layout) {
            layoutOf.remove(id);
        }
    }

    private VolumeLayout layoutFor(LayoutKey key) {
        return layouts.computeIfAbsent(key, k -> new VolumeLayout(k, volumeSizeLimit));
    }

    private static String blankTo(String value, String dflt) {
        return value == null || value.isBlank() ? dflt : value;
    }
}
