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
 * @param ecShards one entry per shard held somewhere, ascending by shard; null (not sent) for a replicated volume
 * @param auth     with {@code fileId=} and signed writes: a token to delete (or write) that fid, handed only to
 *                 callers the master trusts (see docs/operations.md, "Security"); null (not sent) otherwise
 * @param readAuth with {@code fileId=} and signed reads: a token to read that fid; null (not sent) otherwise
 * @param ecGeneration for an erasure-coded volume compacted at least once, the latest generation of its shards a
 *                 holder serves (a shard map of an older one is stale: {@code GET /ec/shardmap} says which it
 *                 describes); null (not sent) otherwise
 */
public record LookupResponse(@JsonProperty("volumeId") String volumeId,
                             @JsonProperty("volumeOrFileId") String volumeOrFileId,
                             @JsonProperty("locations") List<Location> locations,
                             @JsonProperty("ecShards") @JsonInclude(JsonInclude.Include.NON_NULL)
                             List<EcShardLocations> ecShards,
                             @JsonProperty("auth") @JsonInclude(JsonInclude.Include.NON_NULL) String auth,
                             @JsonProperty("readAuth") @JsonInclude(JsonInclude.Include.NON_NULL) String readAuth,
                             @JsonProperty("ecGeneration") @JsonInclude(JsonInclude.Include.NON_NULL)
                             Integer ecGeneration) {
    /** The answer for a replicated volume. */
    public LookupResponse(String volumeId, String volumeOrFileId, List<Location> locations) {
        this(volumeId, volumeOrFileId, locations, null);
    }

    /** An answer without tokens. */
    public LookupResponse(String volumeId, String volumeOrFileId, List<Location> locations,
                          List<EcShardLocations> ecShards) {
        this(volumeId, volumeOrFileId, locations, ecShards, null, null);
    }

    /** An answer with tokens, of a volume never compacted. */
    public LookupResponse(String volumeId, String volumeOrFileId, List<Location> locations,
                          List<EcShardLocations> ecShards, String auth, String readAuth) {
        this(volumeId, volumeOrFileId, locations, ecShards, auth, readAuth, null);
    }

    /** This answer with the tokens of a {@code fileId=} lookup (each null when not handed out). */
    public LookupResponse withAuth(String writeToken, String readToken) {
        return new LookupResponse(volumeId, volumeOrFileId, locations, ecShards, writeToken, readToken, ecGeneration);
    }

    /** This answer naming generation {@code generation} of the shards (none sent when 0). */
    public LookupResponse withEcGeneration(int generation) {
        return new LookupResponse(volumeId, volumeOrFileId, locations, ecShards, auth, readAuth,
                generation > 0 ? generation : null);
    }
}
