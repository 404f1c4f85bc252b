package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a filer server in partitioned mode tells the leader master every pulse
 * ({@code POST /internal/filer/heartbeat}): who it is, where its Raft server and HTTP API listen, its
 * rack, and every partition replica it hosts. The first beat registers the server in the
 * {@link PartitionTable}; the answer ({@link FilerHeartbeatResponse}) carries the table back.
 *
 * @param nodeId      the id the master handed it ({@link MasterApi#NODE_ID}), kept in its directory
 * @param raftAddress {@code host:port} of its partition Raft server
 * @param httpAddress {@code host:port} of its filer HTTP API ("" while it is not listening yet)
 * @param dataCenter  data center name ("" when not set)
 * @param rack        rack name ("" when not set)
 * @param partitions  one report per replica it hosts (empty, never null, when none)
 */
public record FilerHeartbeat(@JsonProperty("nodeId") long nodeId, @JsonProperty("raftAddress") String raftAddress,
                             @JsonProperty("httpAddress") String httpAddress,
                             @JsonProperty("dataCenter") String dataCenter, @JsonProperty("rack") String rack,
                             @JsonProperty("partitions") List<PartitionReport> partitions) {
    public FilerHeartbeat {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        httpAddress = httpAddress == null ? "" : httpAddress;
        dataCenter = dataCenter == null ? "" : dataCenter;
        rack = rack == null ? "" : rack;
    }
}
