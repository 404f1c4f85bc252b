package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The leader master's answer to a {@link FilerHeartbeat}: the partition table as now committed (the
 * filer server hosts the partitions it names it for, drops those it no longer does, and routes by it),
 * the leader and the masters of the group.
 *
 * @param table   the partition table
 * @param leader  {@code host:port} of the leader master
 * @param masters every master's {@code host:port} in the current Raft configuration
 */
public record FilerHeartbeatResponse(@JsonProperty("table") PartitionTable table, @JsonProperty("leader") String leader,
                                     @JsonProperty("masters") List<String> masters) {
    public FilerHeartbeatResponse {
        table = table == null ? PartitionTable.EMPTY : table;
        masters = masters == null ? List.of() : List.copyOf(masters);
    }
}
