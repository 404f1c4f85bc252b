package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where one shard of an erasure-coded volume is, in a {@code /dir/lookup} answer.
 *
 * @param shardId   the shard ({@code 0..13} for RS(10,4); 0–9 data, 10–13 parity)
 * @param locations the servers holding it (usually one)
 */
public record EcShardLocations(@JsonProperty("shardId") int shardId,
                               @JsonProperty("locations") List<Location> locations) {
    public EcShardLocations {
        locations = locations == null ? List.of() : List.copyOf(locations);
    }
}
