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
 */
public record HeartbeatResponse(@JsonProperty("volumeSizeLimit") long volumeSizeLimit,
                                @JsonProperty("leader") String leader,
                                @JsonProperty("masters") List<String> masters,
                                @JsonProperty("expectedVolumes") List<Integer> expectedVolumes,
                                @JsonProperty("fullReportRequested") boolean fullReportRequested) {
    public HeartbeatResponse {
        masters = masters == null ? List.of() : List.copyOf(masters);
        expectedVolumes = expectedVolumes == null ? null : List.copyOf(expectedVolumes);
    }

    /** An answer naming no other masters and giving no opinion on the node's volumes. */
    public HeartbeatResponse(long volumeSizeLimit, String leader) {
        this(volumeSizeLimit, leader, List.of(), null, false);
    }

    /** This answer asking for a full report as well. Pure. */
    public HeartbeatResponse withFullReportRequested() {
        return new HeartbeatResponse(volumeSizeLimit, leader, masters, expectedVolumes, true);
    }
}
