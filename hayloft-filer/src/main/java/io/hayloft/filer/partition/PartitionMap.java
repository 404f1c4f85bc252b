package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FullPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Which partition holds which path, and which filer servers hold a replica of each partition.
 *
 * <p><b>Partitioning by top-level directory.</b> A path belongs to the partition its first component
 * hashes to ({@link #partitionOf}): {@code /photos/2024/a.jpg} and {@code /photos} itself live in the
 * partition of {@code photos}. A top-level directory is an S3 bucket, so everything a bucket's requests
 * touch together (listing a prefix, a rename inside the bucket, a multipart completion, a recursive
 * delete) is inside one partition and is one Raft entry, atomic without a cross-partition protocol; the
 * price is that one bucket never spreads over several partitions (splitting a large one by hashing its
 * directories is the next step, see docs/architecture.md) and that a rename between top-level
 * directories is refused unless both hash to the same partition. Upload intents live in the partition
 * their owner (a filer's address) hashes to.
 *
 * <p><b>Bucket directories.</b> The S3 gateway keeps its buckets under one top-level directory
 * ({@code /buckets/<bucket>}) and each bucket's multipart uploads, old versions and settings under
 * others ({@code /.s3-uploads/<bucket>/...}, {@code /.s3-versions/<bucket>/...},
 * {@code /.s3-buckets/<bucket>/...}). Below these {@link #BUCKET_DIRECTORIES} the partition is that of the
 * second component, the bucket, whichever of them the path is in: all of a bucket (its objects, its
 * uploads in progress, its old versions) is one partition, so completing an upload or keeping an old
 * version is one Raft entry, and the buckets spread over the partitions. Like the root, each of these
 * directories has children in every partition: listing one merges every partition's answer, and it
 * cannot be renamed or deleted.
 * Only the root's and these directories' listings span partitions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param partitions   every partition, {@code partitions.get(i).id() == i}
 * @param raftAddresses each filer server's node id → its Raft address ({@code host:port})
 */
public record PartitionMap(List<Partition> partitions, Map<String, String> raftAddresses) {
    /**
     * One partition.
     *
     * @param id       its number, from 0
     * @param replicas the node ids of the filer servers holding a replica
     */
    public record Partition(int id, List<String> replicas) {
        public Partition {
            replicas = List.copyOf(replicas);
        }
    }

    public PartitionMap {
        partitions = List.copyOf(partitions);
        raftAddresses = Map.copyOf(raftAddresses);
        HayloftException.checkArgument(!partitions.isEmpty(), "a partition map needs at least one partition");
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            HayloftException.checkArgument(p.id() == i, "partition " + i + " is numbered " + p.id());
            HayloftException.checkArgument(p.replicas().stream().distinct().count() == p.replicas().size(),
                    "partition " + i + " has two replicas on one server: " + p.replicas());
            for (String node : p.replicas()) {
                HayloftException.checkArgument(raftAddresses.containsKey(node),
                        "partition " + i + " has a replica on unknown server " + node);
            }
        }
    }

    /**
     * {@code count} partitions of {@code replicas} replicas each over {@code nodes} (in that order):
     * partition {@code p} on nodes {@code p, p+1, ...} modulo their number, so every replica of a partition
     * is on a distinct server and the replicas spread evenly.
     */
    public static PartitionMap spread(int count, int replicas, List<String> nodes, Map<String, String> raftAddresses) {
        HayloftException.checkArgument(count >= 1, "at least one partition");
        HayloftException.checkArgument(replicas >= 1 && replicas <= nodes.size(),
                replicas + " replicas need as many servers, there are " + nodes.size());
        List<Partition> out = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            List<String> on = new ArrayList<>(replicas);
            for (int r = 0; r < replicas; r++) {
                on.add(nodes.get((p + r) % nodes.size()));
            }
            out.add(new Partition(p, on));
        }
        return new PartitionMap(out, raftAddresses);
    }

    /** How many partitions there are. */
    public int size() {
        return partitions.size();
    }

    /**
     * Top-level directories whose children (S3 buckets) are each a partition key, the same bucket's in all
     * of them (see the class comment).
     */
    public static final java.util.Set<String> BUCKET_DIRECTORIES = java.util.Set.of("buckets", ".s3-uploads",
            ".s3-versions", ".s3-buckets");

    /**
     * The partition of {@code path} (not the root: the root's children are in every partition): that of its
     * top-level directory, or below a {@linkplain #BUCKET_DIRECTORIES bucket directory} that of its bucket.
     * A bucket directory itself belongs to the partition of its own name, which answers for it where one
     * partition must (its own entry), though its children are in every partition.
     */
    public int partitionOf(FullPath path) {
        HayloftException.checkArgument(!path.isRoot(), "the root directory spans every partition");
        String v = path.value();
        int slash = v.indexOf('/', 1);
        if (slash < 0) {
            return hash(v.substring(1));
        }
        String top = v.substring(1, slash);
        if (BUCKET_DIRECTORIES.contains(top)) {
            int next = v.indexOf('/', slash + 1);
            return hash("\0bucket\0" + (next < 0 ? v.substring(slash + 1) : v.substring(slash + 1, next)));
        }
        return hash(top);
    }

    /** True for a directory whose children are spread over every partition: the root, a bucket directory. */
    public static boolean spansPartitions(FullPath directory) {
        return directory.isRoot() || directory.parent().isRoot() && BUCKET_DIRECTORIES.contains(directory.name());
    }

    /** The partition that keeps the upload intents of {@code owner}. */
    public int partitionOfOwner(String owner) {
        return hash("\0intents\0" + owner);
    }

    private int hash(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions.size());
    }

    /** The Raft group of partition {@code id}: its fixed group id and its replicas' addresses. */
    public RaftGroup group(int id) {
        List<RaftPeer> peers = partitions.get(id).replicas().stream()
                .map(node -> RaftPeer.newBuilder().setId(node).setAddress(raftAddresses.get(node)).build())
                .toList();
        return RaftGroup.valueOf(groupId(id), peers);
    }

    /** The partitions with a replica on {@code node}. */
    public List<Partition> hostedBy(String node) {
        return partitions.stream().filter(p -> p.replicas().contains(node)).toList();
    }

    /** The Raft group id of partition {@code id}, the same on every server and across restarts. */
    public static RaftGroupId groupId(int id) {
        return RaftGroupId.valueOf(io.hayloft.api.wire.PartitionTable.groupUuid(id));
    }

    /** The partition number of a group id made by {@link #groupId}, or -1. */
    public int partitionOf(RaftGroupId group) {
        for (int i = 0; i < partitions.size(); i++) {
            if (groupId(i).equals(group)) {
                return i;
            }
        }
        return -1;
    }

    /** A replica's peer id in every group: its node id. */
    public static RaftPeerId peerId(String node) {
        return RaftPeerId.valueOf(node);
    }
}
