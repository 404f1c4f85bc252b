package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code /dir/lookup} answer. Carries the seeds' {@code volumeId} key and current SeaweedFS's
 * {@code volumeOrFileId} key, both set to what was looked up. For an erasure-coded volume,
 * {@code locations} lists every server holding any of its shards (each can serve any needle of it, as
 * SeaweedFS's lookup of an EC volume does) and {@code ecShards} says which shard is where; for a
 * replicated volume {@code ecShards} is absent. A volume that has replicas and shards at once (being
 * encoded, or an encoding cut short after its shards were registered) answers its replicas as
 * {@code locations} and its shards as {@code ecShards}.
 *
 * @param ecShards one entry per shard held somewhere, ascending by shard; null (not sent) for a volume without shards
 */
public record LookupResponse(@JsonProperty("volumeId") String volumeId,
                             @JsonProperty("volumeOrFileId") String volumeOrFileId,
                             @JsonProperty("locations") List<Location> locations,
                             @JsonProperty("ecShards") @JsonInclude(JsonInclude.Include.NON_NULL)
                             List<EcShardLocations> ecShards) {
    /** The answer for a replicated volume. */
    public LookupResponse(String volumeId, String volumeOrFileId, List<Location> locations) {
        this(volumeId, volumeOrFileId, locations, null);
    }
}
