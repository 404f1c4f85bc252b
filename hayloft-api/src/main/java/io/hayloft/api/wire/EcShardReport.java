package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shards of one erasure-coded volume a volume server holds, as its heartbeat reports them.
 *
 * @param id         volume id
 * @param collection collection name, "" for the default
 * @param shardBits  bit {@code i} set when shard {@code i} is held ({@code .ec00} is bit 0); at most 64 shards
 */
public record EcShardReport(@JsonProperty("id") int id, @JsonProperty("collection") String collection,
                            @JsonProperty("shardBits") long shardBits) {
    public EcShardReport {
        collection = collection == null ? "" : collection;
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
