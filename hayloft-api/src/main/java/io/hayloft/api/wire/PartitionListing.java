package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code GET /filer/partition/list}: every filer partition with its replicas, the
 * leader last reported, and what each replica's server last said of it.
 *
 * @param version     the partition table's version
 * @param servers     the registered filer servers
 * @param partitions  one row per partition, by id
 */
public record PartitionListing(@JsonProperty("version") long version,
                               @JsonProperty("servers") List<Server> servers,
                               @JsonProperty("partitions") List<Row> partitions) {
    public PartitionListing {
        servers = servers == null ? List.of() : List.copyOf(servers);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /**
     * A registered filer server.
     *
     * @param nodeId        its node id
     * @param raftAddress   its partition Raft server
     * @param httpAddress   its HTTP API
     * @param rack          {@code dataCenter/rack}
     * @param alive         true when it heartbeat within the grace period (as this master saw)
     * @param silentMillis  milliseconds since its last heartbeat to this master, -1 when never
     * @param replicas      partition replicas the table places on it
     */
    public record Server(@JsonProperty("nodeId") long nodeId, @JsonProperty("raftAddress") String raftAddress,
                         @JsonProperty("httpAddress") String httpAddress, @JsonProperty("rack") String rack,
                         @JsonProperty("alive") boolean alive, @JsonProperty("silentMillis") long silentMillis,
                         @JsonProperty("replicas") int replicas) {
    }

    /**
     * One partition.
     *
     * @param id       partition number
     * @param leader   node id of the leader last reported, 0 for none
     * @param term     the term of that report
     * @param replicas one per replica
     */
    public record Row(@JsonProperty("id") int id, @JsonProperty("leader") long leader, @JsonProperty("term") long term,
                      @JsonProperty("replicas") List<Replica> replicas) {
        public Row {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }
    }

    /**
     * One replica of a partition.
     *
     * @param nodeId       the server holding it
     * @param alive        whether that server is alive
     * @param appliedIndex the last index it reported applied, -1 when it reported none
     * @param bytes        the size it reported, 0 when none
     */
    public record Replica(@JsonProperty("nodeId") long nodeId, @JsonProperty("alive") boolean alive,
                          @JsonProperty("appliedIndex") long appliedIndex, @JsonProperty("bytes") long bytes) {
    }
}
