package io.hayloft.master.topology;

import io.hayloft.api.VolumeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The shards of one erasure-coded volume that one node holds, as its heartbeat reported them.
 *
 * @param id         the volume
 * @param collection its collection, "" for the default
 * @param bits       bit {@code i} set for shard {@code i}
 * @param generation the generation of the shards served there (0 as encoded; each compaction adds one)
 */
public record EcShards(VolumeId id, String collection, long bits, int generation) {
    /** Shards of generation 0. */
    public EcShards(VolumeId id, String collection, long bits) {
        this(id, collection, bits, 0);
    }

    /** Shards that take one volume slot: an RS(10,4) shard holds a tenth of the volume's bytes. */
    public static final int SHARDS_PER_SLOT = 10;

    /** How many shards. */
    public int count() {
        return Long.bitCount(bits);
    }

    /** The shard ids, ascending. */
    public List<Integer> shards() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((bits & (1L << i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    EcShards without(long dropped) {
        return new EcShards(id, collection, bits & ~dropped, generation);
    }
}
