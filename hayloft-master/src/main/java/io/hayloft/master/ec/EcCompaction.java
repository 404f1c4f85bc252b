package io.hayloft.master.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of deleted needles of an erasure-coded volume ({@code POST /vol/ec/compact}, {@code hayloft
 * shell ec.compact}, and by garbage ratio: {@link EcAutoCompact}) with shard generations:
 *
 * <pre>
 *   status of every holder (generation served, kept, garbage ratio)
 *   ─► compactor (the holder with most shards) writes generation g+1 from the live needles: all 14 shards, staged
 *   ─► every other holder copies its same shards of g+1 from it (verified block by block), staged
 *   ─► the compactor drops the shards of g+1 it does not keep
 *   ─► every holder commits g+1: the deletes journaled in g carried over, its .ecg pointer written, g retired
 *   ─► every holder's status says g+1 (registered)   ─► every holder drops generation g
 * </pre>
 * The shards stay on the same servers, so the topology's shard map and the heartbeats do not change. Reads never
 * fail meanwhile: a holder serves a peer's shard read of any generation it keeps, and a read that meets the
 * switch is answered by the new generation. A failure before the commits drops the staged generation and leaves
 * the volume as it was; a failure among the commits (some holders switched) is finished by the next run, which
 * sees the holders' generations differ and commits the rest. Thread-safe; blocks for the whole compaction.
 */
public final class EcCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(EcCompaction.class);

    private final Topology topology;
    private final EcGenerationAdmin admin;
    private final BusyVolumes busy;

    public EcCompaction(Topology topology, EcGenerationAdmin admin, BusyVolumes busy) {
        this.topology = topology;
        this.admin = admin;
        this.busy = busy;
    }

    /**
     * Plans, and with {@code apply} carries out, the compaction of erasure-coded volume {@code id}.
     *
     * @param collection the collection the volume must be in, or null for any
     * @throws HayloftException NOT_FOUND for an unknown erasure-coded volume (or one of another collection);
     *                          CONFLICT when shards are missing (rebuild first) or the volume is busy; the
     *                          failing step's error otherwise (UNAVAILABLE: a holder could not be reached)
     */
    public EcCompactReport compact(VolumeId id, String collection, boolean apply) {
        Topology.EcVolumeView v = topology.ecVolume(id)
                .orElseThrow(() -> HayloftException.notFound("erasure-coded volume " + id + " not found"));
        if (collection != null && !collection.equals(v.collection())) {
            throw HayloftException.notFound("volume " + id + " is in collection '" + v.collection() + "', not '"
                    + collection + "'");
        }
        int present = Long.bitCount(v.presentBits());
        if (present < EcEncoding.TOTAL_SHARDS) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " has " + present + " of "
                    + EcEncoding.TOTAL_SHARDS + " shards: rebuild the lost ones first (ec.rebuild)");
        }
        Map<String, SortedSet<Integer>> holders = holders(v);
        String compactor = holders.entrySet().stream()
                .max(Comparator.<Map.Entry<String, SortedSet<Integer>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        Map<String, EcGenerationAdmin.Status> status = statuses(id, holders);
        EcGenerationAdmin.Status before = status.get(compactor);
        int lowest = status.values().stream().mapToInt(EcGenerationAdmin.Status::generation).min().orElseThrow();
        int highest = status.values().stream().mapToInt(EcGenerationAdmin.Status::generation).max().orElseThrow();
        boolean resume = lowest != highest;
        int next = resume ? highest : status.values().stream().flatMap(s -> s.generations().stream())
                .mapToInt(Integer::intValue).max().orElse(highest) + 1;
        if (!apply) {
            return report(id, v.collection(), false, lowest, next, compactor, holders, before, null);
        }
        if (!busy.tryMark(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is being encoded, rebuilt, moved or "
                    + "compacted");
        }
        try {
            if (!resume) {
                build(id, v.collection(), next, compactor, holders);
            }
            commitAll(id, next, holders);
            Map<String, EcGenerationAdmin.Status> after = statuses(id, holders);
            for (Map.Entry<String, EcGenerationAdmin.Status> e : after.entrySet()) {
                if (e.getValue().generation() != next) {
                    throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + ": " + e.getKey()
                            + " serves generation " + e.getValue().generation() + " after committing " + next
                            + "; run ec.compact again");
                }
            }
            List<String> notDropped = dropOlder(id, next, after);
            LOG.info("erasure-coded volume {} compacted: generation {} served by {}; shard size {} -> {} bytes{}", id,
                    next, holders.keySet(), before.shardSize(), after.get(compactor).shardSize(),
                    notDropped.isEmpty() ? "" : "; old generations left on " + notDropped);
            return report(id, v.collection(), true, lowest, next, compactor, holders, before, after.get(compactor));
        } finally {
            busy.release(id);
        }
    }

    /** Writes generation {@code next} on the compactor and copies each holder's shards of it; undone on failure. */
    private void build(VolumeId id, String collection, int next, String compactor,
                       Map<String, SortedSet<Integer>> holders) {
        List<String> touched = new ArrayList<>();
        try {
            touched.add(compactor);
            admin.compact(compactor, id, next);
            for (Map.Entry<String, SortedSet<Integer>> h : holders.entrySet()) {
                if (!h.getKey().equals(compactor)) {
                    touched.add(h.getKey());
                    admin.copy(h.getKey(), id, collection, compactor, h.getValue(), next);
                }
            }
            SortedSet<Integer> drop = EcEncoding.allShards();
            drop.removeAll(holders.get(compactor));
            if (!drop.isEmpty()) {
                admin.delete(compactor, id, drop, next);
            }
        } catch (RuntimeException e) {
            for (String url : touched) {
                try {
                    admin.delete(url, id, EcEncoding.allShards(), next);
                } catch (HayloftException cleanup) {
                    if (cleanup.code() != ErrorCode.NOT_FOUND) {
                        LOG.warn("cannot drop generation {} of volume {} from {} after a failed compaction: {}", next,
                                id, url, cleanup.getMessage());
                    }
                }
            }
            throw e;
        }
    }

    private void commitAll(VolumeId id, int next, Map<String, SortedSet<Integer>> holders) {
        List<String> failed = new ArrayList<>();
        for (String url : holders.keySet()) {
            try {
                admin.commit(url, id, next);
            } catch (HayloftException e) {
                failed.add(url + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + ": generation " + next + " is written "
                    + "but not yet served by " + failed + "; run ec.compact again to finish (reads are unaffected)");
        }
    }

    /** Drops every generation below {@code next} on every holder; the holders where that failed. */
    private List<String> dropOlder(VolumeId id, int next, Map<String, EcGenerationAdmin.Status> after) {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, EcGenerationAdmin.Status> e : after.entrySet()) {
            for (int g : e.getValue().generations()) {
                if (g < next) {
                    try {
                        admin.delete(e.getKey(), id, EcEncoding.allShards(), g);
                    } catch (HayloftException failure) {
                        LOG.warn("cannot drop generation {} of volume {} from {}: {}", g, id, e.getKey(),
                                failure.getMessage());
                        failed.add(e.getKey());
                    }
                }
            }
        }
        return failed;
    }

    private Map<String, EcGenerationAdmin.Status> statuses(VolumeId id, Map<String, SortedSet<Integer>> holders) {
        Map<String, EcGenerationAdmin.Status> out = new LinkedHashMap<>();
        for (String url : holders.keySet()) {
            out.put(url, admin.status(url, id));
        }
        return out;
    }

    private static Map<String, SortedSet<Integer>> holders(Topology.EcVolumeView v) {
        Map<String, SortedSet<Integer>> out = new TreeMap<>();
        v.holders().forEach((shard, nodes) -> {
            for (DataNode n : nodes) {
                out.computeIfAbsent(n.url(), k -> new TreeSet<>()).add(shard);
            }
        });
        return out;
    }

    private static EcCompactReport report(VolumeId id, String collection, boolean applied, int generation, int next,
                                          String compactor, Map<String, SortedSet<Integer>> holders,
                                          EcGenerationAdmin.Status before, EcGenerationAdmin.Status after) {
        Map<String, List<Integer>> shards = new TreeMap<>();
        holders.forEach((url, s) -> shards.put(url, List.copyOf(s)));
        return new EcCompactReport(id.value(), collection, applied, generation, next, compactor, shards,
                before.needles(), before.live(), before.garbageRatio(), before.shardSize(),
                after == null ? null : after.shardSize());
    }
}
