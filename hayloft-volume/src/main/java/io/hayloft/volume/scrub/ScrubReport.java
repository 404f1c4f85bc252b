package io.hayloft.volume.scrub;

/**
 * What one scrub pass (of one volume or of all) found.
 *
 * @param volumes    volumes scrubbed
 * @param needles    index entries verified (a needle overwritten in place counts once per version)
 * @param bytes      needle record bytes read
 * @param corrupt    needles that failed verification
 * @param repaired   corrupt needles rewritten from a good replica
 * @param unrepaired corrupt needles left as found
 */
public record ScrubReport(int volumes, long needles, long bytes, long corrupt, long repaired, long unrepaired) {
    /** Nothing scrubbed yet. */
    public static final ScrubReport EMPTY = new ScrubReport(0, 0, 0, 0, 0, 0);

    /** The sum of two reports. */
    public ScrubReport plus(ScrubReport o) {
        return new ScrubReport(volumes + o.volumes, needles + o.needles, bytes + o.bytes, corrupt + o.corrupt,
                repaired + o.repaired, unrepaired + o.unrepaired);
    }
}
