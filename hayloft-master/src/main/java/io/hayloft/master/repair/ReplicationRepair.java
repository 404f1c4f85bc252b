package io.hayloft.master.repair;

import io.hayloft.api.VolumeId;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.repair.RepairPlan.Copy;
import io.hayloft.master.repair.RepairPlan.OverReplicated;
import io.hayloft.master.repair.RepairPlan.UnderReplicated;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.WriteHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every volume at its placement's replica count: re-replicates volumes that lost a replica
 * and removes surplus ones ({@code docs/self-healing.md}, "Master: re-replication and surplus removal").
 *
 * <pre>
 *   pass() every pulse, leader only, once it has led for the dead-node timeout and has deferred no full
 *          report for as long (FullReportBudget: until then some live servers' replicas are not known):
 *     ClusterView (on a new leader's first pass, or past 100,000 changes, the volumes short or in surplus
 *                  now, Topology.volumesShortOrInSurplus; after it only the volumes whose placement
 *                  changed, Topology.drainPlacementChanges, and those short or in surplus last pass)
 *       ─► ReplicaTracker (under since, over for how many passes)
 *       ─► RepairPlanner (due volumes, busy ones skipped; copies placed for at most 4 due volumes per free
 *                         copy slot, in id order from where the last pass stopped: a storm of short volumes
 *                         costs a pass a few placements, not one per volume)
 *       ─► surplus: delete on the server, forget the location            (in the pass)
 *       ─► copies: CopySlots.tryAcquire ─► virtual thread per volume:
 *            holdWrites ─► ReplicaCopier.copy (copy, heartbeat, sync) ─► release   (later passes go on)
 *   fix(collection, apply): the same plan now, grace ignored; apply waits for its copies
 * </pre>
 *
 * <p>Failures are logged and counted; the next pass plans the volume again. Thread-safe: {@link
 * #pass()} is called by one loop thread, {@link #fix} by request threads; they share the busy
 * volumes and the copy slots.
 */
public final class ReplicationRepair {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationRepair.class);
    /** Due volumes a pass plans for per free copy slot (some are unfixable, some targets taken). */
    static final int VOLUMES_PER_FREE_SLOT = 4;

    private final Topology topology;
    private final VolumeServerAdmin admin;
    private final ReplicaCopier copier;
    private final BusyVolumes busy;
    private final RepairMetrics metrics;
    private final Clock clock;
    private final Duration grace;
    private final Duration settle;
    private final BooleanSupplier isLeader;
    private final CopySlots slots;
    private final ReplicaTracker tracker = new ReplicaTracker();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Copy, RepairStatus.Copying> copying = new ConcurrentHashMap<>();
    private volatile RepairStatus lastStatus;
    private Instant leaderSince;
    /** The topology's placement version at the last planned pass; -1 for none. */
    private long plannedAt = -1;
    /** The due volume the last pass looked at last: the next starts above it. */
    private VolumeId cursor;

    /**
     * @param grace       how long a volume stays under-replicated before the pass copies it
     * @param settle      how long a leader waits after its election before its first pass (the
     *                    dead-node timeout: by then it has heard from every live volume server)
     * @param concurrency copies at a time (at most one per target server)
     * @param isLeader    true while this master leads
     */
    public ReplicationRepair(Topology topology, VolumeServerAdmin admin, ReplicaCopier copier, BusyVolumes busy,
                             RepairMetrics metrics, Clock clock, Duration grace, Duration settle, int concurrency,
                             BooleanSupplier isLeader) {
        this.topology = topology;
        this.admin = admin;
        this.copier = copier;
        this.busy = busy;
        this.metrics = metrics;
        this.clock = clock;
        this.grace = grace;
        this.settle = settle;
        this.isLeader = isLeader;
        this.slots = new CopySlots(concurrency);
        this.lastStatus = RepairStatus.initial(grace.toSeconds());
    }

    /**
     * One automatic pass: plans with the grace and pulse counting, removes surplus replicas and starts
     * the copies that have a free slot; returns without waiting for the copies. Does nothing on a
     * follower or before the leader has led for the settle time.
     */
    public synchronized void pass() {
        Instant now = clock.instant();
        if (!isLeader.getAsBoolean()) {
            leaderSince = null;
            plannedAt = -1;
            cursor = null;
            tracker.clear();
            metrics.underReplicated(0);
            lastStatus = new RepairStatus("follower", now, null, grace.toSeconds(), List.of(), List.of(), List.of(),
                    List.of());
            return;
        }
        if (leaderSince == null) {
            leaderSince = now;
        }
        if (now.isBefore(leaderSince.plus(settle))) {
            lastStatus = new RepairStatus("settling", now, leaderSince.plus(settle), grace.toSeconds(), List.of(),
                    List.of(), List.of(), List.of());
            return;
        }
        Instant deferred = topology.lastFullReportDeferred().orElse(null);
        if (deferred != null && now.isBefore(deferred.plus(settle))) {
            // the master still defers full reports (a start, a restart of many servers): the replica a volume
            // seems to miss may be in one of them, and a copy now would be one too many when it arrives
            lastStatus = new RepairStatus("settling", now, deferred.plus(settle), grace.toSeconds(), List.of(),
                    List.of(), List.of(), List.of());
            return;
        }
        long version = topology.placementVersion();
        if (version == plannedAt && tracker.settled()) {
            // every volume had its replicas at the last pass, and no replica came or went since: a copy of
            // the whole topology (seconds under its lock at a million replicas) would find nothing to do
            return;
        }
        boolean firstPass = plannedAt < 0;
        plannedAt = version;
        Topology.PlacementChanges changes = topology.drainPlacementChanges();
        ClusterView view;
        if (firstPass || changes.everything()) {
            // any volume may have changed: count every volume's replicas (one pass over the layouts) and read
            // only those short or in surplus, and those tracked; a copy of a million replicas held the
            // topology's lock, and with it every heartbeat, assign and lookup, for a second or more
            Set<VolumeId> looked = new HashSet<>(topology.volumesShortOrInSurplus());
            looked.addAll(tracker.tracked());
            view = ClusterView.of(topology, looked);
            tracker.observe(view, now);
        } else {
            // only what changed since the last pass and what was short or in surplus then: the rest of
            // a large cluster (a million replicas) had its replicas then and has them still
            Set<VolumeId> looked = new HashSet<>(changes.volumes());
            looked.addAll(tracker.tracked());
            view = ClusterView.of(topology, looked);
            tracker.observeOnly(view, looked, now);
        }
        metrics.underReplicated(tracker.underReplicated());
        Set<String> busyTargets = slots.busyTargets();
        // a due volume costs the planner a look at every server: plan only for what the free slots can start
        // (a few more, as some are unfixable), the rest waits in id order for later passes
        int maxVolumes = Math.max(0, slots.concurrency() - busyTargets.size()) * VOLUMES_PER_FREE_SLOT;
        RepairPlan plan = RepairPlanner.plan(view, new RepairPlanner.Input(id -> tracker.underDue(id, now, grace),
                tracker::overDue, busy.snapshot(), busyTargets, null, maxVolumes, cursor));
        cursor = lastTried(plan, cursor);
        plan.unfixable().forEach(u -> LOG.warn("replica repair: volume {} cannot be repaired now: {}",
                u.volume(), u.reason()));
        lastStatus = activeStatus(now, plan);
        for (OverReplicated o : plan.overReplicated()) {
            removeSurplus(o);
        }
        for (UnderReplicated u : plan.underReplicated()) {
            startCopies(u);
        }
    }

    /** The volume a pass looked at last, in the order it took them (from above {@code after}, wrapping). */
    private static VolumeId lastTried(RepairPlan plan, VolumeId after) {
        int from = after == null ? 0 : after.value();
        java.util.function.ToLongFunction<VolumeId> order = id -> id.value() > from ? id.value()
                : (long) id.value() + Integer.MAX_VALUE + 1;
        return java.util.stream.Stream.concat(plan.underReplicated().stream().map(u -> u.volume().id()),
                        plan.unfixable().stream().map(RepairPlan.Unfixable::volume))
                .max(Comparator.comparingLong(order)).orElse(after);
    }

    /**
     * Plans a repair now, ignoring the grace period and the pulse counting, and with {@code apply}
     * carries it out and waits for it (copies within the concurrency limits).
     *
     * @param collection only this collection; null for all
     */
    public FixReport fix(String collection, boolean apply) {
        RepairPlan plan = RepairPlanner.plan(ClusterView.of(topology),
                RepairPlanner.Input.now(busy.snapshot(), slots.busyTargets(), collection));
        List<FixReport.Over> over = new ArrayList<>();
        for (OverReplicated o : plan.overReplicated()) {
            over.add(apply ? removeSurplus(o) : new FixReport.Over(o.volume().id().value(), o.volume().urls(),
                    o.remove(), false, null));
        }
        List<FixReport.Under> under = new ArrayList<>();
        if (apply) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<List<FixReport.CopyOutcome>>> jobs = new ArrayList<>();
                for (UnderReplicated u : plan.underReplicated()) {
                    jobs.add(pool.submit(() -> copyWaiting(u)));
                }
                for (int i = 0; i < jobs.size(); i++) {
                    UnderReplicated u = plan.underReplicated().get(i);
                    under.add(under(u, result(jobs.get(i), notDone(u.copies(), "interrupted"))));
                }
            }
        } else {
            for (UnderReplicated u : plan.underReplicated()) {
                under.add(under(u, notDone(u.copies(), null)));
            }
        }
        return new FixReport(apply, under, over, plan.unfixable().stream()
                .map(u -> new FixReport.Unfixable(u.volume().value(), u.reason())).toList());
    }

    /**
     * What the loop is doing: its state and findings as of its last pass, and the copies running now.
     * Never blocks (a pass in progress does not hold it up); callable from any thread.
     */
    public RepairStatus status() {
        RepairStatus s = lastStatus;
        List<RepairStatus.Copying> running = copying.values().stream()
                .sorted(Comparator.comparing(RepairStatus.Copying::volume).thenComparing(RepairStatus.Copying::target))
                .toList();
        return new RepairStatus(s.state(), s.lastPass(), s.activeFrom(), s.grace(), s.underReplicated(),
                s.overReplicated(), s.unfixable(), running);
    }

    private RepairStatus activeStatus(Instant now, RepairPlan plan) {
        List<RepairStatus.Under> under = tracker.underSince().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new RepairStatus.Under(e.getKey().value(), e.getValue(), e.getValue().plus(grace)))
                .toList();
        List<RepairStatus.Over> over = tracker.overPasses().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new RepairStatus.Over(e.getKey().value(), e.getValue()))
                .toList();
        List<RepairStatus.Unfixable> unfixable = plan.unfixable().stream()
                .map(u -> new RepairStatus.Unfixable(u.volume().value(), u.reason())).toList();
        return new RepairStatus("active", now, null, grace.toSeconds(), under, over, unfixable, List.of());
    }

    /** Copies started by {@link #pass()} and not finished yet. */
    public int copiesInFlight() {
        return inFlight.get();
    }

    private void startCopies(UnderReplicated u) {
        VolumeId id = u.volume().id();
        List<Copy> started = new ArrayList<>();
        for (Copy c : u.copies()) {
            if (slots.tryAcquire(c.target())) {
                started.add(c);
            }
        }
        if (started.isEmpty()) {
            return;
        }
        if (!busy.tryMark(id)) {
            started.forEach(c -> slots.release(c.target()));
            return;
        }
        inFlight.addAndGet(started.size());
        Thread.ofVirtual().name("hayloft-replica-copy-" + id.value()).start(() -> {
            try {
                runParallel(started);
            } finally {
                busy.release(id);
                inFlight.addAndGet(-started.size());
            }
        });
    }

    /**
     * Copies of one volume for {@link #fix}: marks the volume busy, then runs its copies in batches
     * of at most the concurrency, each batch taking all its slots at once (so two volumes waiting
     * for each other's targets cannot deadlock).
     */
    private List<FixReport.CopyOutcome> copyWaiting(UnderReplicated u) {
        VolumeId id = u.volume().id();
        if (!busy.tryMark(id)) {
            return notDone(u.copies(), "volume " + id + " is being copied or moved already");
        }
        try {
            List<FixReport.CopyOutcome> out = new ArrayList<>();
            List<Copy> copies = u.copies();
            for (int from = 0; from < copies.size(); from += slots.concurrency()) {
                List<Copy> batch = copies.subList(from, Math.min(copies.size(), from + slots.concurrency()));
                try {
                    slots.acquireAll(batch.stream().map(Copy::target).toList());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.addAll(notDone(batch, "interrupted"));
                    continue;
                }
                out.addAll(runParallel(batch));
            }
            return out;
        } finally {
            busy.release(id);
        }
    }

    /** Runs copies whose slots are held, in parallel, releasing each slot when its copy ends. */
    private List<FixReport.CopyOutcome> runParallel(List<Copy> copies) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FixReport.CopyOutcome>> running = new ArrayList<>();
            for (Copy c : copies) {
                running.add(pool.submit(() -> runCopy(c)));
            }
            List<FixReport.CopyOutcome> out = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                out.add(result(running.get(i), notDone(copies.get(i), "interrupted")));
            }
            return out;
        }
    }

    private FixReport.CopyOutcome runCopy(Copy c) {
        copying.put(c, new RepairStatus.Copying(c.volume().value(), c.source(), c.target(), clock.instant()));
        try (WriteHold hold = topology.holdWrites(c.volume())) {
            long bytes = copier.copy(c.volume(), c.source(), c.target());
            LOG.info("replica repair: volume {} copied from {} to {} ({} bytes) and synced", c.volume(), c.source(),
                    c.target(), bytes);
            return new FixReport.CopyOutcome(c.source(), c.target(), true, null);
        } catch (RuntimeException e) {
            LOG.warn("replica repair: copy of volume {} from {} to {} failed (retried next pass): {}", c.volume(),
                    c.source(), c.target(), e.getMessage());
            return notDone(c, String.valueOf(e.getMessage()));
        } finally {
            copying.remove(c);
            slots.release(c.target());
        }
    }

    private FixReport.Over removeSurplus(OverReplicated o) {
        VolumeId id = o.volume().id();
        if (!busy.tryMark(id)) {
            return new FixReport.Over(id.value(), o.volume().urls(), o.remove(), false,
                    "volume " + id + " is being copied or moved");
        }
        List<String> failures = new ArrayList<>();
        try {
            for (String url : o.remove()) {
                try {
                    admin.delete(url, id);
                    topology.dropReplica(id, url);
                    metrics.surplusRemoved();
                    LOG.info("replica repair: removed surplus replica of volume {} from {}", id, url);
                } catch (RuntimeException e) {
                    failures.add(url + ": " + e.getMessage());
                    LOG.warn("replica repair: removing surplus replica of volume {} from {} failed (retried next"
                            + " pass): {}", id, url, e.getMessage());
                }
            }
        } finally {
            busy.release(id);
        }
        return new FixReport.Over(id.value(), o.volume().urls(), o.remove(), failures.isEmpty(),
                failures.isEmpty() ? null : String.join("; ", failures));
    }

    private static FixReport.Under under(UnderReplicated u, List<FixReport.CopyOutcome> copies) {
        return new FixReport.Under(u.volume().id().value(), u.volume().key().collection(),
                u.volume().key().replication().toString(), u.volume().urls(), copies);
    }

    /** The outcome of a copy not done, with why ({@code null}: not tried, only planned). */
    private static FixReport.CopyOutcome notDone(Copy c, String error) {
        return new FixReport.CopyOutcome(c.source(), c.target(), false, error);
    }

    private static List<FixReport.CopyOutcome> notDone(List<Copy> copies, String error) {
        return copies.stream().map(c -> notDone(c, error)).toList();
    }

    private static <T> T result(Future<T> f, T onInterrupt) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return onInterrupt;
        } catch (ExecutionException e) {
            // every task catches its own failures: reaching here is a bug
            throw new IllegalStateException(e.getCause());
        }
    }
}
