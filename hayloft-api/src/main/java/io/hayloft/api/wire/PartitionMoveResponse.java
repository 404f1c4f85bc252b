package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code POST /filer/partition/move}: the move planned (a dry run) or done.
 *
 * @param partition the partition
 * @param source    node id of the server the replica leaves
 * @param target    node id of the server it goes to
 * @param applied   false for a dry run: nothing changed
 * @param replicas  the partition's replicas after the move (as planned when not applied)
 * @param version   the partition table's version after the move (unchanged when not applied)
 */
public record PartitionMoveResponse(@JsonProperty("partition") int partition, @JsonProperty("source") long source,
                                    @JsonProperty("target") long target, @JsonProperty("applied") boolean applied,
                                    @JsonProperty("replicas") List<Long> replicas,
                                    @JsonProperty("version") long version) {
    public PartitionMoveResponse {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }
}
