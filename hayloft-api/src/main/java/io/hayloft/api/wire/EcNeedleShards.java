package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /ec/shardmap?volume=N} answer: which data shard holds the needles of an erasure-coded volume,
 * as runs over their keys ({@link io.hayloft.api.NeedleShardMap}), so a client can send each read to a
 * server holding that shard and the read is one local disk read there.
 *
 * @param volume    the volume id
 * @param firstKeys the first needle key of each run, hex, ascending
 * @param shards    the data shard of each run, {@code -1} when not given
 */
public record EcNeedleShards(@JsonProperty("volume") int volume,
                             @JsonProperty("firstKeys") List<String> firstKeys,
                             @JsonProperty("shards") List<Integer> shards) {
}
