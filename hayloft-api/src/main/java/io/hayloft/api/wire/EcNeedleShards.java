package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /ec/shardmap?volume=N} answer: which data shard holds the needles of an erasure-coded volume,
 * as runs over their keys ({@link io.hayloft.api.NeedleShardMap}), so a client can send each read to a
 * server holding that shard and the read is one local disk read there.
 *
 * @param volume    the volume id
 * @param firstKeys the first needle key of each run, hex, ascending
 * @param shards     the data shard of each run, {@code -1} when not given
 * @param generation the generation of the volume's shards the map describes (a compaction moves needles;
 *                   not sent when 0)
 */
public record EcNeedleShards(@JsonProperty("volume") int volume,
                             @JsonProperty("firstKeys") List<String> firstKeys,
                             @JsonProperty("shards") List<Integer> shards,
                             @JsonProperty("generation") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int generation) {
    /** A map of generation 0. */
    public EcNeedleShards(int volume, List<String> firstKeys, List<Integer> shards) {
        this(volume, firstKeys, shards, 0);
    }
}
