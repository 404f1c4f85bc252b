package io.hayloft.master.ec;

import io.hayloft.api.VolumeId;
import java.util.SortedSet;

/**
 * The master's calls to volume servers about erasure-coded shards ({@code /admin/ec/*}). Blocking;
 * implementations are thread-safe. Each throws a {@code HayloftException} carrying the server's code
 * (UNAVAILABLE when it cannot be reached).
 */
public interface EcShardAdmin {
    /** Encodes the sealed volume {@code id} on {@code nodeUrl} into all its shards there. */
    void encode(String nodeUrl, VolumeId id);

    /** Has {@code targetUrl} copy shards {@code shards} of {@code id} from {@code sourceUrl}, verified. */
    void copy(String targetUrl, VolumeId id, String collection, String sourceUrl, SortedSet<Integer> shards);

    /** Has {@code nodeUrl} drop shards {@code shards} of {@code id}. */
    void delete(String nodeUrl, VolumeId id, SortedSet<Integer> shards);

    /** Has {@code nodeUrl} build the replicated volume {@code id} back from the shards. */
    void decode(String nodeUrl, VolumeId id);

    /**
     * Has {@code targetUrl} rebuild shards {@code shards} of {@code id} from the others; {@code sourceUrl}
     * gives it the index and metadata if it holds none of the volume.
     */
    void rebuild(String targetUrl, VolumeId id, String collection, SortedSet<Integer> shards, String sourceUrl);
}
