package io.hayloft.master.filer;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerHeartbeat;
import io.hayloft.api.wire.PartitionListing;
import io.hayloft.api.wire.PartitionMoveResponse;
import io.hayloft.api.wire.PartitionReport;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.api.wire.PartitionTable.FilerNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's keeper of the filer partition map: registers filer servers from their heartbeats,
 * places the partitions once {@code replicas} servers are alive, records the leaders the replicas
 * report, re-creates the replicas of a server silent longer than {@code grace} on another server
 * ({@link #repairPass}), and moves a replica on request ({@link #move}). Every change to the table is
 * one compare-and-set Raft entry ({@link PartitionTableStore#put}).
 *
 * <p>Thread-safe. Replica moves (repair and requested) run one at a time; heartbeats never wait for
 * one.
 */
public final class FilerPartitionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(FilerPartitionKeeper.class);
    /** Compare-and-set attempts before a change gives up (each one re-plans from the newer table). */
    private static final int CAS_ATTEMPTS = 20;

    private final PartitionTableStore store;
    private final PartitionReplicaChanger changer;
    private final Clock clock;
    private final int partitions;
    private final int replicas;
    private final Duration grace;
    private final BooleanSupplier isLeader;
    private final Duration dropAfter;
    /** Replicas moved away from live servers, dropped once every filer server routes by the new members. */
    private final java.util.Queue<PendingDrop> drops = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final FilerServerTracker tracker = new FilerServerTracker();
    private final Object moves = new Object();
    /** Replicas already warned about as having nowhere to go ({@code partition/node}), warned once. */
    private final java.util.Set<String> stranded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean placed = new java.util.concurrent.atomic.AtomicBoolean();

    /** A replica to drop from a live source at {@code due}. */
    private record PendingDrop(int partition, long node, Instant due) {
    }

    /**
     * @param partitions how many partitions to place (once)
     * @param replicas   replicas of each partition
     * @param grace      how long a server may be silent before its replicas are re-created elsewhere
     * @param dropAfter  how long a live source keeps its idle replica after a move (a few filer heartbeat
     *                   periods: until every filer server routes by the new members)
     */
    public FilerPartitionKeeper(PartitionTableStore store, PartitionReplicaChanger changer, Clock clock, int partitions,
                                int replicas, Duration grace, Duration dropAfter, BooleanSupplier isLeader) {
        this.store = store;
        this.changer = changer;
        this.clock = clock;
        this.partitions = partitions;
        this.replicas = replicas;
        this.grace = grace;
        this.isLeader = isLeader;
        this.dropAfter = dropAfter;
    }

    /**
     * Registers (or updates) the filer server of {@code beat} and records what it reports; places the
     * partitions if none are and enough servers are alive. Leader only.
     *
     * @return the table as committed after this beat
     * @throws HayloftException BAD_REQUEST for a node id this cluster never handed out or a bad address;
     *                          UNAVAILABLE when this master cannot commit
     */
    public PartitionTable heartbeat(FilerHeartbeat beat) {
        HayloftException.checkArgument(beat.nodeId() > 0, "a filer heartbeat needs the nodeId the master handed out");
        HayloftException.checkArgument(store.knownNode(beat.nodeId()), "node id " + beat.nodeId()
                + " was never handed out by this cluster: ask POST /internal/node/id for one");
        FilerNode node = new FilerNode(beat.nodeId(), beat.raftAddress(), beat.httpAddress(), beat.dataCenter(),
                beat.rack());
        Instant now = clock.instant();
        tracker.leading(isLeader.getAsBoolean(), now);
        tracker.beat(beat, now);
        PartitionTable committed = change(t -> {
            PartitionTable next = t.server(node.nodeId()).filter(node::equals).isPresent() ? t : t.withServer(node);
            if (next.partitions().isEmpty()) {
                List<FilerNode> alive = next.servers().stream().filter(s -> alive(s.nodeId(), now)).toList();
                if (alive.size() >= replicas) {
                    next = next.withPartitions(PartitionPlacer.initial(partitions, replicas, alive));
                }
            }
            for (PartitionReport r : beat.partitions()) {
                if (r.partition() >= 0 && r.partition() < next.partitions().size() && r.leader() > 0) {
                    PartitionTable.Partition p = next.partitions().get(r.partition());
                    if (r.term() > p.term() && p.replicas().contains(r.leader())) {
                        next = next.withPartition(new PartitionTable.Partition(p.id(), p.replicas(), r.leader(), r.term()));
                    }
                }
            }
            return next;
        });
        if (!committed.partitions().isEmpty() && placed.compareAndSet(false, true)) {
            LOG.info("filer partitions (table version {}): {}", committed.version(), committed.partitions());
        }
        return committed;
    }

    /** Every partition with its replicas and what their servers last reported. Any thread. */
    public PartitionListing list() {
        PartitionTable t = store.current();
        Instant now = clock.instant();
        List<PartitionListing.Server> servers = t.servers().stream().map(s -> new PartitionListing.Server(s.nodeId(),
                s.raftAddress(), s.httpAddress(), s.rackKey(), alive(s.nodeId(), now),
                tracker.silentMillis(s.nodeId(), now), t.hostedBy(s.nodeId()).size())).toList();
        List<PartitionListing.Row> rows = new ArrayList<>();
        for (PartitionTable.Partition p : t.partitions()) {
            List<PartitionListing.Replica> rs = p.replicas().stream().map(r -> {
                Optional<PartitionReport> report = tracker.last(r).flatMap(b -> b.heartbeat().partitions().stream()
                        .filter(x -> x.partition() == p.id()).findFirst());
                return new PartitionListing.Replica(r, alive(r, now),
                        report.map(PartitionReport::appliedIndex).orElse(-1L), report.map(PartitionReport::bytes).orElse(0L));
            }).toList();
            rows.add(new PartitionListing.Row(p.id(), p.leader(), p.term(), rs));
        }
        return new PartitionListing(t.version(), servers, rows);
    }

    /**
     * Plans, and with {@code apply} does, moving the replica of {@code partition} on {@code source} to
     * {@code target}. Leader only; blocks for the whole move when applied.
     *
     * @throws HayloftException NOT_FOUND for an unknown partition or server; BAD_REQUEST when the source holds
     *                          no replica, the target already does, or the target is not alive; UNAVAILABLE
     *                          when the group cannot change now
     */
    public PartitionMoveResponse move(int partition, long source, long target, boolean apply) {
        PartitionTable t = store.current();
        PartitionTable.Partition before = t.partition(partition);
        if (t.server(source).isEmpty() || t.server(target).isEmpty()) {
            throw HayloftException.notFound("no filer server " + (t.server(source).isEmpty() ? source : target)
                    + " (registered: " + t.servers().stream().map(FilerNode::nodeId).toList() + ")");
        }
        HayloftException.checkArgument(before.replicas().contains(source), "partition " + partition
                + " has no replica on filer server " + source + " (its replicas: " + before.replicas() + ")");
        HayloftException.checkArgument(!before.replicas().contains(target), "partition " + partition
                + " already has a replica on filer server " + target);
        Instant now = clock.instant();
        tracker.leading(isLeader.getAsBoolean(), now);
        HayloftException.checkArgument(tracker.silentMillis(target, now) >= 0 && alive(target, now),
                "filer server " + target + " is not heartbeating: move to a live one");
        PartitionTable.Partition after = before.moved(source, target);
        if (!apply) {
            return new PartitionMoveResponse(partition, source, target, false, after.replicas(), t.version());
        }
        PartitionTable done = moveReplica(partition, source, target, alive(source, now));
        return new PartitionMoveResponse(partition, source, target, true, done.partition(partition).replicas(),
                done.version());
    }

    /**
     * One pass of the leader's repair: each replica on a server silent longer than the grace period
     * is re-created on another live server (one at a time). A follower does nothing. Never throws: a
     * move that fails is logged and tried again next pass.
     */
    public void repairPass() {
        Instant now = clock.instant();
        boolean leader = isLeader.getAsBoolean();
        tracker.leading(leader, now);
        if (!leader) {
            return;
        }
        dropDue(now);
        PartitionTable t = store.current();
        for (PartitionTable.Partition p : t.partitions()) {
            for (long r : p.replicas()) {
                if (tracker.silence(r, now).compareTo(grace) <= 0) {
                    continue;
                }
                PartitionTable current = store.current();
                List<FilerNode> live = current.servers().stream().filter(s -> alive(s.nodeId(), now)
                        && tracker.silentMillis(s.nodeId(), now) >= 0).toList();
                Optional<FilerNode> target = PartitionPlacer.target(current, current.partition(p.id()), r, live);
                if (target.isEmpty()) {
                    if (stranded.add(p.id() + "/" + r)) {
                        LOG.warn("filer partition {} lost its replica on silent filer server {} and no other live filer"
                                + " server can take it: start another filer server (-store partitioned)", p.id(), r);
                    }
                    continue;
                }
                try {
                    moveReplica(p.id(), r, target.get().nodeId(), false);
                    LOG.info("filer partition {}: replica of silent filer server {} re-created on {}", p.id(), r,
                            target.get().nodeId());
                } catch (RuntimeException e) {
                    LOG.warn("filer partition {}: cannot re-create the replica of silent filer server {} on {}: {}",
                            p.id(), r, target.get().nodeId(), e.toString());
                }
                break;
            }
        }
    }

    /** Drops the idle replicas whose time came, unless the table gave them back meanwhile. */
    private void dropDue(Instant now) {
        for (PendingDrop d; (d = drops.peek()) != null && !d.due().isAfter(now); ) {
            drops.poll();
            PartitionTable t = store.current();
            if (d.partition() < t.partitions().size() && !t.partition(d.partition()).replicas().contains(d.node())
                    && t.server(d.node()).isPresent()) {
                changer.drop(t, d.partition(), d.node());
            }
        }
    }

    private PartitionTable moveReplica(int partition, long source, long target, boolean sourceAlive) {
        synchronized (moves) {
            PartitionTable t = store.current();
            PartitionTable.Partition before = t.partition(partition);
            if (!before.replicas().contains(source) || before.replicas().contains(target)) {
                throw new HayloftException(ErrorCode.CONFLICT, "partition " + partition + " changed meanwhile: its"
                        + " replicas are now " + before.replicas());
            }
            PartitionTable.Partition after = before.moved(source, target);
            changer.move(t, before, after, source, target, sourceAlive);
            PartitionTable committed = change(now -> {
                PartitionTable.Partition p = now.partition(partition);
                return p.replicas().contains(source) && !p.replicas().contains(target)
                        ? now.withPartition(p.moved(source, target)) : now;
            });
            if (sourceAlive) {
                drops.add(new PendingDrop(partition, source, clock.instant().plus(dropAfter)));
            }
            return committed;
        }
    }

    private boolean alive(long nodeId, Instant now) {
        return tracker.last(nodeId).isPresent() && Duration.between(tracker.last(nodeId).get().at(), now)
                .compareTo(grace) <= 0;
    }

    /** Applies {@code plan} to the current table and commits it, re-planning when another change won. */
    private PartitionTable change(UnaryOperator<PartitionTable> plan) {
        for (int i = 0; i < CAS_ATTEMPTS; i++) {
            PartitionTable t = store.current();
            PartitionTable next = plan.apply(t);
            if (next.equals(t)) {
                return t;
            }
            if (store.put(t.version(), next)) {
                return store.current().version() > t.version() ? store.current() : next.withVersion(t.version() + 1);
            }
        }
        throw new HayloftException(ErrorCode.UNAVAILABLE, "the filer partition table kept changing: try again");
    }
}
