package io.hayloft.master.topology;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Location;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A volume server: the leaf of the topology tree. Its identity ({@code url}) is fixed; everything
 * else changes with heartbeats and growth and is guarded by the owning {@link Topology}'s lock.
 */
public final class DataNode {
    private final String url;
    private String publicUrl;
    private Rack rack;
    private int maxVolumeCount;
    private Instant lastSeen;
    private int reserved;
    /** Number of the last beat applied (full or delta); 0 before a numbered one. */
    private long lastSequence;
    private final Map<VolumeId, VolumeInfo> volumes = new TreeMap<>();
    private final Map<VolumeId, Instant> grownAt = new HashMap<>();
    /** Erasure-coded shards held, by volume; never an entry without shards. */
    private final Map<VolumeId, EcShards> ecShards = new TreeMap<>();

    DataNode(String url, String publicUrl, Rack rack, int maxVolumeCount, Instant lastSeen) {
        this.url = url;
        this.publicUrl = publicUrl;
        this.rack = rack;
        this.maxVolumeCount = maxVolumeCount;
        this.lastSeen = lastSeen;
    }

    /** {@code ip:port}, how servers reach it; immutable. */
    public String url() {
        return url;
    }

    /** {@code host:port}, how clients reach it. */
    public String publicUrl() {
        return publicUrl;
    }

    public Rack rack() {
        return rack;
    }

    public int maxVolumeCount() {
        return maxVolumeCount;
    }

    /**
     * Slots neither holding a volume, nor reserved by an in-flight growth, nor taken by erasure-coded
     * shards (each {@value EcShards#SHARDS_PER_SLOT} shards, about one volume's bytes, take a slot);
     * never negative.
     */
    public int freeSlots() {
        return Math.max(0, maxVolumeCount - volumes.size() - reserved - ecSlots());
    }

    private int ecSlots() {
        int shards = ecShards.values().stream().mapToInt(EcShards::count).sum();
        return (shards + EcShards.SHARDS_PER_SLOT - 1) / EcShards.SHARDS_PER_SLOT;
    }

    /** Erasure-coded shards this node holds, by volume; a read-only view. */
    public Map<VolumeId, EcShards> ecShards() {
        return java.util.Collections.unmodifiableMap(ecShards);
    }

    /** Replaces what this node holds of erasure-coded volumes with {@code reported}. */
    void replaceEcShards(Map<VolumeId, EcShards> reported) {
        ecShards.clear();
        ecShards.putAll(reported);
    }

    /** Forgets shards {@code bits} of volume {@code id} here (they were just deleted). */
    void dropEcShards(VolumeId id, long bits) {
        EcShards held = ecShards.get(id);
        if (held != null) {
            EcShards left = held.without(bits);
            if (left.bits() == 0) {
                ecShards.remove(id);
            } else {
                ecShards.put(id, left);
            }
        }
    }

    /** Volumes this node holds, by id; a read-only view. */
    public Map<VolumeId, VolumeInfo> volumes() {
        return java.util.Collections.unmodifiableMap(volumes);
    }

    /** This node as a lookup location. */
    public Location location() {
        return new Location(url, publicUrl);
    }

    /** When its last heartbeat arrived. */
    public Instant lastSeen() {
        return lastSeen;
    }

    void refresh(String newPublicUrl, int newMaxVolumeCount, Instant seen) {
        this.publicUrl = newPublicUrl;
        this.maxVolumeCount = newMaxVolumeCount;
        this.lastSeen = seen;
    }

    void moveTo(Rack newRack) {
        this.rack = newRack;
    }

    void reserve() {
        reserved++;
    }

    void unreserve() {
        reserved--;
    }

    void putVolume(VolumeInfo info) {
        volumes.put(info.id(), info);
    }

    void putGrownVolume(VolumeInfo info, Instant at) {
        volumes.put(info.id(), info);
        grownAt.put(info.id(), at);
    }

    VolumeInfo removeVolume(VolumeId id) {
        grownAt.remove(id);
        return volumes.remove(id);
    }

    /** True while a volume created by growth may still be missing from heartbeats. */
    boolean isFreshlyGrown(VolumeId id, Instant notBefore) {
        Instant at = grownAt.get(id);
        return at != null && at.isAfter(notBefore);
    }

    /** True when a delta numbered {@code sequence} continues the beats applied so far. */
    boolean follows(long sequence) {
        return lastSequence > 0 && sequence == lastSequence + 1;
    }

    void applied(long sequence) {
        this.lastSequence = sequence;
    }

    void confirmReported(VolumeId id) {
        grownAt.remove(id);
    }

    @Override
    public String toString() {
        return url;
    }
}
