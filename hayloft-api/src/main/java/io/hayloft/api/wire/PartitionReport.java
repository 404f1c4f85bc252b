package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a filer server tells the master about one partition replica it hosts, in each
 * {@link FilerHeartbeat}.
 *
 * @param partition    the partition number
 * @param leader       node id of the leader this replica knows of, 0 for none
 * @param term         the Raft term this replica is in
 * @param appliedIndex the last log index this replica applied (-1 before any)
 * @param bytes        the size of this replica's RocksDB files on disk
 */
public record PartitionReport(@JsonProperty("partition") int partition, @JsonProperty("leader") long leader,
                              @JsonProperty("term") long term, @JsonProperty("appliedIndex") long appliedIndex,
                              @JsonProperty("bytes") long bytes) {
}
