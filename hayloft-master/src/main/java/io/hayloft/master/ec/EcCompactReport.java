package io.hayloft.master.ec;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /vol/ec/compact} planned or did.
 *
 * @param volume          the volume
 * @param collection      its collection
 * @param applied         true when every holder serves the new generation and the old one is dropped
 * @param generation      the generation served before
 * @param nextGeneration  the generation written (served once applied)
 * @param compactor       the holder that writes it from the live needles
 * @param holders         server → the shards it holds (of both generations)
 * @param needles         needles in the index before
 * @param live            of them, not deleted
 * @param garbageRatio    bytes of deleted needles over the coded size, before
 * @param shardSizeBefore bytes per shard before
 * @param shardSizeAfter  bytes per shard after; null in a dry run
 */
public record EcCompactReport(int volume, String collection, boolean applied, int generation, int nextGeneration,
                              String compactor, Map<String, List<Integer>> holders, long needles, long live,
                              double garbageRatio, long shardSizeBefore, Long shardSizeAfter) {
}
