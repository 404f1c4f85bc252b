package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The master's answer to a heartbeat.
 *
 * @param volumeSizeLimit the size in bytes at which volumes stop taking writes; volume servers enforce it
 * @param leader          {@code host:port} of the current leader master
 * @param masters         every master's {@code host:port} in the current Raft configuration (so
 *                        volume servers also heartbeat to masters added at run time); may be empty
 * @param expectedVolumes the volume ids the master believed this node held before this heartbeat
 *                        (registration reconciliation); null when the master did not know the node, and
 *                        for a delta (only a full report is compared)
 * @param fullReportRequested true when the master could not apply this beat as a delta (it does not know
 *                        the node, or missed the beat before it): the server's next beat, sent at once,
 *                        must be a full report
 * @param fullReportRetryAfterMs above 0 when the master deferred this beat's full report (too many at
 *                        once, see {@link MasterApi#HEARTBEAT}): the server applies nothing of it, sends
 *                        its full report again after about this many milliseconds (with jitter) and
 *                        nothing in between; 0 otherwise
 */
public record HeartbeatResponse(@JsonProperty("volumeSizeLimit") long volumeSizeLimit,
                                @JsonProperty("leader") String leader,
                                @JsonProperty("masters") List<String> masters,
                                @JsonProperty("expectedVolumes") List<Integer> expectedVolumes,
                                @JsonProperty("fullReportRequested") boolean fullReportRequested,
                                @JsonProperty("fullReportRetryAfterMs") long fullReportRetryAfterMs) {
    public HeartbeatResponse {
        masters = masters == null ? List.of() : List.copyOf(masters);
        expectedVolumes = expectedVolumes == null ? null : List.copyOf(expectedVolumes);
        if (fullReportRetryAfterMs < 0) {
            throw new IllegalArgumentException("fullReportRetryAfterMs must not be negative");
        }
    }

    /** An answer that applied the beat (no full report deferred). */
    public HeartbeatResponse(long volumeSizeLimit, String leader, List<String> masters, List<Integer> expectedVolumes,
                             boolean fullReportRequested) {
        this(volumeSizeLimit, leader, masters, expectedVolumes, fullReportRequested, 0);
    }

    /** An answer naming no other masters and giving no opinion on the node's volumes. */
    public HeartbeatResponse(long volumeSizeLimit, String leader) {
        this(volumeSizeLimit, leader, List.of(), null, false);
    }

    /** This answer asking for a full report as well. Pure. */
    public HeartbeatResponse withFullReportRequested() {
        return new HeartbeatResponse(volumeSizeLimit, leader, masters, expectedVolumes, true, fullReportRetryAfterMs);
    }

    /** This answer deferring the beat's full report by {@code retryAfterMs} (above 0). Pure. */
    public HeartbeatResponse withFullReportDeferred(long retryAfterMs) {
        if (retryAfterMs <= 0) {
            throw new IllegalArgumentException("retryAfterMs must be above 0, got " + retryAfterMs);
        }
        return new HeartbeatResponse(volumeSizeLimit, leader, masters, null, fullReportRequested, retryAfterMs);
    }

    /**
     * How long a server whose full report was deferred waits before sending it again: a uniform draw
     * between half and all of {@link #fullReportRetryAfterMs}, so servers deferred together do not
     * come back together. Zero when nothing was deferred. Pure but for {@code random}.
     */
    public java.time.Duration fullReportRetryDelay(java.util.random.RandomGenerator random) {
        if (fullReportRetryAfterMs <= 0) {
            return java.time.Duration.ZERO;
        }
        long half = Math.max(1, fullReportRetryAfterMs / 2);
        return java.time.Duration.ofMillis(half + random.nextLong(fullReportRetryAfterMs - half + 1));
    }

    /** True when the master applied nothing of this beat's full report and wants it again later. */
    public boolean fullReportDeferred() {
        return fullReportRetryAfterMs > 0;
    }
}
