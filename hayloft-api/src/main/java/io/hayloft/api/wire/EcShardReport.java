package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shards of one erasure-coded volume a volume server holds, as its heartbeat reports them.
 *
 * @param id         volume id
 * @param collection collection name, "" for the default
 * @param shardBits  bit {@code i} set when shard {@code i} is held ({@code .ec00} is bit 0); at most 64 shards
 * @param generation the generation of the shards served (0 as encoded, each compaction adds one; not sent when 0)
 */
public record EcShardReport(@JsonProperty("id") int id, @JsonProperty("collection") String collection,
                            @JsonProperty("shardBits") long shardBits,
                            @JsonProperty("generation") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int generation) {
    public EcShardReport {
        collection = collection == null ? "" : collection;
    }

    /** The shards of generation 0 (as encoded). */
    public EcShardReport(int id, String collection, long shardBits) {
        this(id, collection, shardBits, 0);
    }

    /** The shards held, ascending. */
    public java.util.List<Integer> shards() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((shardBits & (1L << i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }
}
