package io.hayloft.master.ec;

import io.hayloft.api.VolumeId;
import java.util.List;
import java.util.SortedSet;

/**
 * The master's calls to volume servers about the shard generations of erasure-coded volumes (compaction:
 * {@code /admin/ec/status|compact|commit}, and copy or delete of one generation's shards). Blocking;
 * implementations are thread-safe. Each throws a {@code HayloftException} carrying the server's code
 * (UNAVAILABLE when it cannot be reached).
 */
public interface EcGenerationAdmin {
    /**
     * What a holder serves and keeps of an erasure-coded volume.
     *
     * @param generation   the generation served
     * @param generations  every generation kept there (served, staged, retired), ascending
     * @param needles      needles in the served generation's index
     * @param live         of them, not deleted
     * @param garbageRatio bytes of deleted needles over the coded {@code .dat}'s size
     * @param shardSize    bytes of each shard of the served generation
     */
    record Status(int generation, List<Integer> generations, long needles, long live, double garbageRatio,
                  long shardSize) {
    }

    /** The status of volume {@code id} on {@code nodeUrl}. */
    Status status(String nodeUrl, VolumeId id);

    /** Has {@code nodeUrl} write generation {@code generation} of {@code id} (all its shards, staged). */
    void compact(String nodeUrl, VolumeId id, int generation);

    /** Has {@code targetUrl} copy shards {@code shards} of generation {@code generation} from {@code sourceUrl}. */
    void copy(String targetUrl, VolumeId id, String collection, String sourceUrl, SortedSet<Integer> shards,
              int generation);

    /** Has {@code nodeUrl} drop shards {@code shards} of generation {@code generation} of {@code id}. */
    void delete(String nodeUrl, VolumeId id, SortedSet<Integer> shards, int generation);

    /** Has {@code nodeUrl} serve staged generation {@code generation} of {@code id}, deletes carried over. */
    void commit(String nodeUrl, VolumeId id, int generation);
}
