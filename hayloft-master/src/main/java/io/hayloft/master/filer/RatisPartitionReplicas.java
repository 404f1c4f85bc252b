package io.hayloft.master.filer;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.PartitionTable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a filer partition replica through the partition's own Raft group, from the master: (1) the
 * target's Raft server adds the group with the new configuration (an empty replica); (2) the group's
 * leader changes its configuration to the new replicas, which Ratis does by first catching the new
 * member up (log entries, or InstallSnapshot when the leader purged its log) and then committing the
 * joint and the new configuration, so the group keeps a majority throughout; (3) later
 * ({@link #drop}), once the filer servers route by the new members, the source drops its replica and
 * its storage: dropped at once, the clients that still knew it as the leader would get "group not
 * found", which Ratis clients do not retry. A crash between the steps leaves at worst an unused
 * empty replica on the target (dropped by its filer server when the committed table does not name
 * it) or a group whose configuration is ahead of the table (the next move sets it again).
 *
 * <p>Thread-safe; {@link #move} blocks.
 */
public final class RatisPartitionReplicas implements PartitionReplicaChanger {
    private static final Logger LOG = LoggerFactory.getLogger(RatisPartitionReplicas.class);
    private final RaftProperties properties;
    private final Duration wait;

    /** @param wait how long each step may take (catching up a large replica takes the longest) */
    public RatisPartitionReplicas(Duration wait) {
        this.wait = wait;
        this.properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(wait.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void move(PartitionTable table, PartitionTable.Partition before, PartitionTable.Partition after, long source,
                     long target, boolean sourceAlive) {
        RaftGroupId gid = RaftGroupId.valueOf(PartitionTable.groupUuid(before.id()));
        List<RaftPeer> oldPeers = peers(table, before.replicas());
        List<RaftPeer> newPeers = peers(table, after.replicas());
        RaftGroup newGroup = RaftGroup.valueOf(gid, newPeers);
        try (RaftClient c = client(newGroup)) {
            try {
                RaftClientReply added = c.getGroupManagementApi(peerId(target)).add(newGroup);
                if (!added.isSuccess() && !String.valueOf(added.getException()).contains("AlreadyExists")) {
                    throw unavailable(before.id(), "filer server " + target + " cannot host it: " + added.getException());
                }
            } catch (AlreadyExistsException e) {
                LOG.info("filer server {} already hosts partition {}: a retried move", target, before.id());
            }
        } catch (IOException e) {
            throw unavailable(before.id(), "filer server " + target + " cannot host it: " + e, e);
        }
        try (RaftClient c = client(RaftGroup.valueOf(gid, oldPeers))) {
            RaftClientReply changed = c.admin().setConfiguration(newPeers);
            if (!changed.isSuccess()) {
                throw unavailable(before.id(), "its group did not take the members " + after.replicas() + ": "
                        + changed.getException());
            }
        } catch (IOException e) {
            throw unavailable(before.id(), "its group did not take the members " + after.replicas() + ": " + e, e);
        }
    }

    @Override
    public void drop(PartitionTable table, int partition, long node) {
        RaftGroupId gid = RaftGroupId.valueOf(PartitionTable.groupUuid(partition));
        try (RaftClient c = client(RaftGroup.valueOf(gid, List.of(peer(table, node))))) {
            c.getGroupManagementApi(peerId(node)).remove(gid, true, false);
        } catch (IOException | RuntimeException e) {
            LOG.info("filer server {} did not drop its replica of partition {} now ({}); it drops it when its"
                    + " heartbeat shows the move", node, partition, e.toString());
        }
    }

    private RaftClient client(RaftGroup group) {
        long attempts = Math.max(1, wait.toMillis() / 200);
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep((int) Math.min(attempts, 10_000),
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build();
    }

    private static List<RaftPeer> peers(PartitionTable table, List<Long> nodes) {
        return nodes.stream().map(n -> peer(table, n)).toList();
    }

    private static RaftPeer peer(PartitionTable table, long node) {
        PartitionTable.FilerNode s = table.server(node).orElseThrow(() -> HayloftException.notFound(
                "no filer server " + node));
        return RaftPeer.newBuilder().setId(peerId(node)).setAddress(s.raftAddress()).build();
    }

    /** A filer server's Raft peer id: its node id in decimal. */
    static RaftPeerId peerId(long node) {
        return RaftPeerId.valueOf(Long.toString(node));
    }

    private static HayloftException unavailable(int partition, String why) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "cannot move a replica of filer partition " + partition
                + ": " + why);
    }

    private static HayloftException unavailable(int partition, String why, Throwable cause) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "cannot move a replica of filer partition " + partition
                + ": " + why, cause);
    }
}
