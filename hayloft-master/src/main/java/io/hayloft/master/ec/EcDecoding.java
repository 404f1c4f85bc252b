package io.hayloft.master.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.EcShards;
import io.hayloft.master.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an erasure-coded volume back into a replicated one ({@code POST /vol/ec/decode}, {@code hayloft
 * shell ec.decode}):
 *
 * <pre>
 *   plan: the holder of the most shards ─► it rebuilds the volume from the shards (live needles only)
 *     ─► wait until its heartbeat reports the volume (registered) ─► only then drop every shard everywhere
 * </pre>
 *
 * The volume comes back with one replica; re-replication copies the others its placement asks for. A
 * failure before the shards are dropped leaves the erasure-coded volume as it was. Thread-safe; blocks for
 * the whole decode (call from a virtual thread).
 */
public final class EcDecoding {
    private static final Logger LOG = LoggerFactory.getLogger(EcDecoding.class);

    private final Topology topology;
    private final EcShardAdmin shards;
    private final BusyVolumes busy;
    private final Duration registerTimeout;

    public EcDecoding(Topology topology, EcShardAdmin shards, BusyVolumes busy, Duration registerTimeout) {
        this.topology = topology;
        this.shards = shards;
        this.busy = busy;
        this.registerTimeout = registerTimeout;
    }

    /**
     * The outcome.
     *
     * @param volume     the volume
     * @param collection its collection
     * @param applied    true when decoded, registered, and its shards dropped
     * @param target     the server that builds the replicated volume
     * @param holders    server → the shards it holds (dropped once applied)
     */
    public record Report(int volume, String collection, boolean applied, String target,
                         Map<String, List<Integer>> holders) {
    }

    /**
     * Plans, and with {@code apply} carries out, the decoding of volume {@code id}.
     *
     * @param collection the collection the volume must be in, or null for any
     * @throws HayloftException NOT_FOUND for an unknown erasure-coded volume; CONFLICT when it has replicas
     *                          already or is busy; NOT_ACCEPTABLE when fewer than 10 shards are left; the
     *                          failing step's error otherwise
     */
    public Report decode(VolumeId id, String collection, boolean apply) {
        Topology.EcVolumeView v = topology.ecVolume(id)
                .orElseThrow(() -> HayloftException.notFound("erasure-coded volume " + id + " not found"));
        if (collection != null && !collection.equals(v.collection())) {
            throw HayloftException.notFound("volume " + id + " is in collection '" + v.collection() + "', not '"
                    + collection + "'");
        }
        if (topology.lookup(id).isPresent()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " has replicas already");
        }
        if (Long.bitCount(v.presentBits()) < EcEncoding.DATA_SHARDS) {
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "volume " + id + " has only "
                    + Long.bitCount(v.presentBits()) + " shards left; " + EcEncoding.DATA_SHARDS + " are needed");
        }
        Map<String, List<Integer>> holders = new java.util.TreeMap<>();
        Map<String, Long> bits = new HashMap<>();
        for (DataNode n : v.nodes()) {
            EcShards held = topology.inspect(t -> n.ecShards().get(id));
            if (held != null) {
                holders.put(n.url(), held.shards());
                bits.put(n.url(), held.bits());
            }
        }
        String target = holders.entrySet().stream()
                .max(Comparator.<Map.Entry<String, List<Integer>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        if (!apply) {
            return new Report(id.value(), v.collection(), false, target, holders);
        }
        if (!busy.tryMark(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is being encoded, rebuilt or decoded");
        }
        try {
            shards.decode(target, id);
            if (!topology.awaitReplica(id, target, registerTimeout)) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " was decoded on " + target
                        + " but not reported within " + registerTimeout + "; its shards are kept");
            }
            List<String> failed = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> h : holders.entrySet()) {
                try {
                    shards.delete(h.getKey(), id, new TreeSet<>(h.getValue()));
                    topology.dropEcShards(id, h.getKey(), bits.get(h.getKey()));
                } catch (HayloftException e) {
                    failed.add(h.getKey() + ": " + e.getMessage());
                }
            }
            LOG.info("erasure-coded volume {} decoded on {}; shards dropped from {}", id, target, holders.keySet());
            if (!failed.isEmpty()) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " is decoded on " + target
                        + " but dropping its shards failed on " + failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted decoding volume " + id, e);
        } finally {
            busy.release(id);
        }
        return new Report(id.value(), v.collection(), true, target, holders);
    }
}
