package io.hayloft.master.ec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The answer of {@code POST /vol/ec/encode}: the plan and, when applied, that it was done.
 *
 * @param volume     the volume
 * @param collection its collection
 * @param applied    true when the volume was encoded, spread, registered and its replicas deleted
 * @param source     the replica that encodes (its shards are copied from there)
 * @param replicas   the servers holding the replicated volume (deleted from them once applied)
 * @param shards     server → the shards it holds (or is to hold)
 * @param rackSafe   true when no rack holds more shards than the code can lose
 * @param racks      racks in the cluster
 * @param note       why rack safety is not met, when it is not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EcEncodeReport(int volume, String collection, boolean applied, String source, List<String> replicas,
                             Map<String, SortedSet<Integer>> shards, boolean rackSafe, int racks, String note) {
}
