package io.hayloft.volume.scrub;

/**
 * What one scrub pass (of one volume or of all) found.
 *
 * @param volumes          volumes scrubbed, replicated and erasure-coded
 * @param needles          index entries verified (a needle overwritten in place counts once per version)
 * @param bytes            needle record bytes read
 * @param corrupt          needles that failed verification
 * @param repaired         corrupt needles rewritten from a good replica
 * @param unrepaired       corrupt needles left as found
 * @param shardBlocks      blocks of erasure-coded shards held here checked against their checksum
 * @param corruptBlocks    shard blocks that failed their checksum
 * @param repairedBlocks   corrupt shard blocks rebuilt from the other shards and rewritten
 * @param unrepairedBlocks corrupt shard blocks left as found (fewer than ten good copies elsewhere)
 */
public record ScrubReport(int volumes, long needles, long bytes, long corrupt, long repaired, long unrepaired,
                          long shardBlocks, long corruptBlocks, long repairedBlocks, long unrepairedBlocks) {
    /** Nothing scrubbed yet. */
    public static final ScrubReport EMPTY = new ScrubReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two reports. */
    public ScrubReport plus(ScrubReport o) {
        return new ScrubReport(volumes + o.volumes, needles + o.needles, bytes + o.bytes, corrupt + o.corrupt,
                repaired + o.repaired, unrepaired + o.unrepaired, shardBlocks + o.shardBlocks,
                corruptBlocks + o.corruptBlocks, repairedBlocks + o.repairedBlocks,
                unrepairedBlocks + o.unrepairedBlocks);
    }
}
