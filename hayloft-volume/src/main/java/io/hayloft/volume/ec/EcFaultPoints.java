package io.hayloft.volume.ec;

/**
 * The volume server's named fault points in erasure coding ({@link io.hayloft.storage.FaultPoints}): no-ops
 * unless a test arms them, or a test process is started with {@code -Dhayloft.faultPoints.halt=<name>} to
 * halt there for a {@code kill -9}.
 */
public final class EcFaultPoints {
    /** A copy's shard files fetched and verified as {@code .copying}, not yet renamed into place. */
    public static final String COPY_VERIFIED = "ec.copy.verified";
    /** A request to drop shards received, no file deleted yet. */
    public static final String BEFORE_SHARD_DELETE = "ec.shards.before-delete";
    /**
     * A compaction's commit on this server: the old generation's deletes journaled in the new one, its pointer not
     * yet written (the new generation staged, the old one still served).
     */
    public static final String BEFORE_COMMIT = "ec.compact.before-commit";

    private EcFaultPoints() {
    }
}
