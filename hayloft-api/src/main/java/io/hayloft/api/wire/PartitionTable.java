package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.api.HayloftException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The filer partition map the master owns in its Raft state (issue 12): the filer servers that run in
 * partitioned mode, and for each partition of the filer's metadata the servers holding its three
 * replicas and the leader last reported. Filer servers get it back in every heartbeat answer
 * ({@link FilerHeartbeatResponse}) and route paths by it: a path belongs to the partition its
 * top-level name hashes to (CRC32C modulo the number of partitions), so the number of partitions is
 * fixed once they are placed.
 *
 * <p>Every change the master commits raises {@code version} by one (a compare-and-set on it, so two
 * changes planned from the same table cannot both commit). Immutable; the {@code with...} methods
 * return a copy.
 *
 * @param version    0 for the empty table, then one more per committed change
 * @param servers    the registered filer servers, ascending by node id
 * @param partitions every partition, {@code partitions.get(i).id() == i}; empty until the master placed
 *                   them (when enough filer servers registered)
 */
public record PartitionTable(@JsonProperty("version") long version,
                             @JsonProperty("servers") List<FilerNode> servers,
                             @JsonProperty("partitions") List<Partition> partitions) {
    /** The table of a cluster where no filer server registered. */
    public static final PartitionTable EMPTY = new PartitionTable(0, List.of(), List.of());

    /**
     * A filer server in partitioned mode.
     *
     * @param nodeId      the id the master handed it ({@link MasterApi#NODE_ID}); its Raft peer id is
     *                    this number in decimal
     * @param raftAddress {@code host:port} of its partition Raft server
     * @param httpAddress {@code host:port} of its filer HTTP API
     * @param dataCenter  data center name ("" when not set)
     * @param rack        rack name ("" when not set)
     */
    public record FilerNode(@JsonProperty("nodeId") long nodeId, @JsonProperty("raftAddress") String raftAddress,
                            @JsonProperty("httpAddress") String httpAddress,
                            @JsonProperty("dataCenter") String dataCenter, @JsonProperty("rack") String rack) {
        public FilerNode {
            HayloftException.checkArgument(nodeId > 0, "a filer server's node id must be above 0, got " + nodeId);
            HayloftException.checkArgument(raftAddress != null && !raftAddress.isBlank(),
                    "filer server " + nodeId + " needs a raft address");
            httpAddress = httpAddress == null ? "" : httpAddress;
            dataCenter = dataCenter == null ? "" : dataCenter;
            rack = rack == null ? "" : rack;
        }

        /** {@code dataCenter/rack}: servers with the same one share a rack. */
        public String rackKey() {
            return dataCenter + "/" + rack;
        }
    }

    /**
     * One partition.
     *
     * @param id       its number, from 0
     * @param replicas node ids of the servers holding a replica, distinct
     * @param leader   node id of the leader last reported, 0 for none yet
     * @param term     the Raft term of that report (a report of an older term never replaces it)
     */
    public record Partition(@JsonProperty("id") int id, @JsonProperty("replicas") List<Long> replicas,
                            @JsonProperty("leader") long leader, @JsonProperty("term") long term) {
        public Partition {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
            HayloftException.checkArgument(id >= 0, "partition ids start at 0, got " + id);
            HayloftException.checkArgument(Set.copyOf(replicas).size() == replicas.size(),
                    "partition " + id + " has two replicas on one server: " + replicas);
        }

        /** This partition with {@code from}'s replica on {@code to} instead (same position). */
        public Partition moved(long from, long to) {
            HayloftException.checkArgument(replicas.contains(from), "partition " + id + " has no replica on " + from);
            HayloftException.checkArgument(!replicas.contains(to), "partition " + id + " already has a replica on " + to);
            List<Long> next = new ArrayList<>(replicas);
            next.set(next.indexOf(from), to);
            return new Partition(id, next, leader == from ? 0 : leader, term);
        }
    }

    public PartitionTable {
        HayloftException.checkArgument(version >= 0, "a partition table version must not be negative");
        servers = servers == null ? List.of() : List.copyOf(servers.stream()
                .sorted(Comparator.comparingLong(FilerNode::nodeId)).toList());
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        Set<Long> known = new HashSet<>();
        for (FilerNode s : servers) {
            HayloftException.checkArgument(known.add(s.nodeId()), "filer server " + s.nodeId() + " is listed twice");
        }
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            HayloftException.checkArgument(p.id() == i, "partition " + i + " is numbered " + p.id());
            for (long r : p.replicas()) {
                HayloftException.checkArgument(known.contains(r), "partition " + i + " has a replica on unknown filer server " + r);
            }
        }
    }

    /** The server with {@code nodeId}, if registered. */
    public Optional<FilerNode> server(long nodeId) {
        return servers.stream().filter(s -> s.nodeId() == nodeId).findFirst();
    }

    /** The partition numbered {@code id}. @throws io.hayloft.api.HayloftException NOT_FOUND when there is none */
    public Partition partition(int id) {
        if (id < 0 || id >= partitions.size()) {
            throw HayloftException.notFound("no filer partition " + id + " (there are " + partitions.size() + ")");
        }
        return partitions.get(id);
    }

    /** The partitions with a replica on {@code nodeId}. */
    public List<Partition> hostedBy(long nodeId) {
        return partitions.stream().filter(p -> p.replicas().contains(nodeId)).toList();
    }

    /** This table with {@code node} added or replacing the server of the same id (same version). */
    public PartitionTable withServer(FilerNode node) {
        List<FilerNode> next = new ArrayList<>(servers.stream().filter(s -> s.nodeId() != node.nodeId()).toList());
        next.add(node);
        return new PartitionTable(version, next, partitions);
    }

    /** This table with {@code p} in place of the partition of its id (same version). */
    public PartitionTable withPartition(Partition p) {
        List<Partition> next = new ArrayList<>(partitions);
        next.set(p.id(), p);
        return new PartitionTable(version, servers, next);
    }

    /** This table with {@code next} as its partitions (same version). */
    public PartitionTable withPartitions(List<Partition> next) {
        return new PartitionTable(version, servers, next);
    }

    /** This table numbered {@code v}. */
    public PartitionTable withVersion(long v) {
        return new PartitionTable(v, servers, partitions);
    }

    /**
     * The Raft group id (a name-based UUID) of partition {@code id}: the same on every server, the
     * master and across restarts.
     */
    public static UUID groupUuid(int id) {
        return UUID.nameUUIDFromBytes(("hayloft-filer-partition-" + id).getBytes(StandardCharsets.UTF_8));
    }
}
