package io.hayloft.master.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.repair.ClusterView;
import io.hayloft.master.repair.ClusterView.NodeView;
import io.hayloft.master.topology.EcShards;
import io.hayloft.master.topology.Topology;
import io.hayloft.api.VolumeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds erasure-coded volumes with lost shards and rebuilds them ({@code POST /vol/ec/rebuild},
 * {@code hayloft shell ec.rebuild}, {@code cluster.check}): a volume with at least 10 shards left gets
 * each lost shard rebuilt on a server placed by {@link EcPlacement} (no server, and with enough racks no
 * rack, above 4 shards of it), from the others wherever they are; then the master waits for the new
 * holders' heartbeats. A volume with fewer than 10 is reported unrecoverable. Also reports volumes whose
 * shards are packed too densely. The leader's background loop calls {@link #pass}, which rebuilds a
 * volume's lost shards with no command once they have stayed lost for {@code -replicationGrace}.
 * Thread-safe; blocks while rebuilding (call from a virtual thread).
 */
public final class EcRebuilding {
    private static final Logger LOG = LoggerFactory.getLogger(EcRebuilding.class);

    private final Topology topology;
    private final EcShardAdmin shards;
    private final BusyVolumes busy;
    private final Duration registerTimeout;
    private final Clock clock;
    private final Duration grace;
    private final Duration settle;
    private final BooleanSupplier isLeader;
    /** Since when each volume has had lost shards without a break; the automatic pass's memory (leader only). */
    private final Map<VolumeId, Instant> lostSince = new HashMap<>();
    private Instant leaderSince;

    /**
     * @param registerTimeout how long a rebuilt shard's holder may take to report it
     * @param clock           time source for the grace period
     * @param grace           how long a volume's shards stay lost before the automatic pass rebuilds them
     *                        ({@code -replicationGrace}, as re-replication waits)
     * @param settle          how long a new leader waits before its first automatic rebuild (every server
     *                        has heartbeated by then)
     * @param isLeader        true while this master leads
     */
    public EcRebuilding(Topology topology, EcShardAdmin shards, BusyVolumes busy, Duration registerTimeout,
                        Clock clock, Duration grace, Duration settle, BooleanSupplier isLeader) {
        this.topology = topology;
        this.shards = shards;
        this.busy = busy;
        this.registerTimeout = registerTimeout;
        this.clock = clock;
        this.grace = grace;
        this.settle = settle;
        this.isLeader = isLeader;
    }

    /**
     * One automatic pass (the leader's background loop): notes which erasure-coded volumes have lost
     * shards, and rebuilds those whose shards have stayed lost for the grace period, with no command.
     * Does nothing on a follower, nor before the leader has led for the settle time. Blocks while it
     * rebuilds.
     *
     * @return what it found and did
     */
    public synchronized EcRebuildReport pass() {
        Instant now = clock.instant();
        if (!isLeader.getAsBoolean()) {
            leaderSince = null;
            lostSince.clear();
            return new EcRebuildReport(false, 0, 0, List.of(), List.of(), List.of());
        }
        if (leaderSince == null) {
            leaderSince = now;
        }
        if (now.isBefore(leaderSince.plus(settle))) {
            return new EcRebuildReport(false, 0, 0, List.of(), List.of(), List.of());
        }
        Map<VolumeId, Instant> stillLost = new HashMap<>();
        for (Topology.EcVolumeView v : topology.ecVolumes().values()) {
            if (Long.bitCount(v.presentBits()) < EcEncoding.TOTAL_SHARDS) {
                stillLost.put(v.id(), lostSince.getOrDefault(v.id(), now));
            }
        }
        lostSince.clear();
        lostSince.putAll(stillLost);
        EcRebuildReport report = check(null, id -> {
            Instant since = lostSince.get(id);
            return since != null && !since.plus(grace).isAfter(now);
        });
        report.missing().stream().filter(m -> m.done())
                .forEach(m -> lostSince.remove(VolumeId.of(m.volume())));
        return report;
    }

    /**
     * Checks every erasure-coded volume (of {@code collection}, or all when null) and, with {@code apply},
     * rebuilds what can be, now (no grace).
     */
    public EcRebuildReport rebuild(String collection, boolean apply) {
        EcRebuildReport r = check(collection, id -> apply);
        return new EcRebuildReport(apply, r.volumes(), r.whole(), r.missing(), r.unrecoverable(), r.unsafe());
    }

    private EcRebuildReport check(String collection, Predicate<VolumeId> apply) {
        boolean applied = false;
        java.util.SortedMap<VolumeId, Topology.EcVolumeView> ecVolumes = topology.ecVolumes();
        if (ecVolumes.isEmpty()) {
            // the common case, every pulse: no copy of the whole topology (issue 15: at a million replicas
            // that copy held the topology lock, and so the heartbeats, for seconds)
            return new EcRebuildReport(false, 0, 0, List.of(), List.of(), List.of());
        }
        ClusterView view = ClusterView.of(topology);
        Map<String, NodeView> nodes = new HashMap<>();
        view.nodes().forEach(n -> nodes.put(n.url(), n));
        int count = 0;
        int whole = 0;
        List<EcRebuildReport.Missing> missing = new ArrayList<>();
        List<EcRebuildReport.Unrecoverable> unrecoverable = new ArrayList<>();
        List<EcRebuildReport.Unsafe> unsafe = new ArrayList<>();
        for (Topology.EcVolumeView v : ecVolumes.values()) {
            if (collection != null && !collection.equals(v.collection())) {
                continue;
            }
            count++;
            SortedSet<Integer> present = new TreeSet<>(v.holders().keySet());
            SortedSet<Integer> lost = EcEncoding.allShards();
            lost.removeAll(present);
            Map<String, Integer> perNode = new HashMap<>();
            v.holders().values().forEach(l -> l.forEach(n -> perNode.merge(n.url(), 1, Integer::sum)));
            unsafe.addAll(densities(v.id().value(), perNode, nodes));
            if (lost.isEmpty()) {
                whole++;
                continue;
            }
            if (present.size() < EcEncoding.DATA_SHARDS) {
                unrecoverable.add(new EcRebuildReport.Unrecoverable(v.id().value(), v.collection(), present));
                continue;
            }
            List<EcPlacement.Candidate> candidates = new ArrayList<>();
            for (NodeView n : view.nodes()) {
                candidates.add(new EcPlacement.Candidate(n.url(), n.rackKey(), n.freeSlots() * EcEncoding.DATA_SHARDS
                        + spareInSlot(topology, n.url()), perNode.getOrDefault(n.url(), 0)));
            }
            EcPlacement.Plan plan;
            try {
                plan = EcPlacement.place(candidates, lost, EcEncoding.TOTAL_SHARDS, EcEncoding.PARITY_SHARDS);
            } catch (HayloftException e) {
                missing.add(new EcRebuildReport.Missing(v.id().value(), v.collection(), lost, Map.of(), false,
                        e.getMessage()));
                continue;
            }
            String source = v.nodes().getFirst().url();
            boolean now = apply.test(v.id());
            applied |= now;
            String error = now ? run(v, plan, source) : null;
            missing.add(new EcRebuildReport.Missing(v.id().value(), v.collection(), lost, plan.targets(),
                    now && error == null, error));
        }
        return new EcRebuildReport(applied, count, whole, missing, unrecoverable, unsafe);
    }

    /** Shards the node at {@code url} can take in the slot its shards already partly fill. */
    static int spareInSlot(Topology topology, String url) {
        return topology.inspect(t -> t.dataCenters().stream().flatMap(dc -> dc.racks().stream())
                .flatMap(r -> r.nodes().stream()).filter(n -> n.url().equals(url)).findFirst()
                .map(n -> {
                    int held = n.ecShards().values().stream().mapToInt(EcShards::count).sum();
                    return (EcShards.SHARDS_PER_SLOT - held % EcShards.SHARDS_PER_SLOT) % EcShards.SHARDS_PER_SLOT;
                }).orElse(0));
    }

    /**
     * Rebuilds on every target at once (one virtual thread each: a target's rebuild is a second or more of
     * remote block reads, and the targets do not wait on each other), then awaits their heartbeats; returns null
     * when all succeeded, else what failed.
     */
    private String run(Topology.EcVolumeView v, EcPlacement.Plan plan, String source) {
        if (!busy.tryMark(v.id())) {
            return "volume " + v.id() + " is busy (being encoded or rebuilt)";
        }
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> done = new java.util.concurrent.ConcurrentSkipListMap<>();
        try {
            try (var rebuilds = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (Map.Entry<String, SortedSet<Integer>> t : plan.targets().entrySet()) {
                    rebuilds.submit(() -> {
                        try {
                            shards.rebuild(t.getKey(), v.id(), v.collection(), t.getValue(), source);
                            done.put(t.getKey(), EcEncoding.bits(t.getValue()));
                        } catch (RuntimeException e) {
                            failures.add(t.getKey() + ": " + e.getMessage());
                        }
                    });
                }
            } // waits for every rebuild
            if (!done.isEmpty() && !topology.awaitEcShards(v.id(), done, registerTimeout)) {
                failures.add("the rebuilt shards were not reported within " + registerTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        } finally {
            busy.release(v.id());
        }
        if (failures.isEmpty()) {
            LOG.info("rebuilt shards of erasure-coded volume {}: {}", v.id(), plan.targets());
            return null;
        }
        LOG.warn("rebuilding erasure-coded volume {} failed: {}", v.id(), failures);
        return String.join("; ", failures);
    }

    /** Servers (and, with enough racks, racks) holding more shards of the volume than the code can lose. */
    private static List<EcRebuildReport.Unsafe> densities(int volume, Map<String, Integer> perNode,
                                                          Map<String, NodeView> nodes) {
        List<EcRebuildReport.Unsafe> out = new ArrayList<>();
        SortedMap<String, Integer> perRack = new TreeMap<>();
        perNode.forEach((url, n) -> {
            if (n > EcEncoding.PARITY_SHARDS) {
                out.add(new EcRebuildReport.Unsafe(volume, "server " + url, n));
            }
            NodeView node = nodes.get(url);
            if (node != null) {
                perRack.merge(node.rackKey(), n, Integer::sum);
            }
        });
        long racks = nodes.values().stream().map(NodeView::rackKey).distinct().count();
        if (racks >= (EcEncoding.TOTAL_SHARDS + EcEncoding.PARITY_SHARDS - 1) / EcEncoding.PARITY_SHARDS) {
            perRack.forEach((rack, n) -> {
                if (n > EcEncoding.PARITY_SHARDS) {
                    out.add(new EcRebuildReport.Unsafe(volume, "rack " + rack, n));
                }
            });
        }
        return out;
    }
}
