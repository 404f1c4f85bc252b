package io.hayloft.filer.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import io.hayloft.security.ReloadingTlsManagers;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * One filer server's Raft server: a single {@link RaftServer} (one gRPC port, one storage directory)
 * hosting a replica of many partitions, one Raft group each, with a {@link PartitionStateMachine} per
 * group. Groups found in the storage directory are recovered when the server starts; {@link #host}
 * adds the others (a new or wiped replica starts empty and catches up from the leader, by log entries
 * or by InstallSnapshot).
 *
 * <p>Thread-safe. {@link #host} blocks until the group is added.
 */
public final class PartitionServer implements AutoCloseable, LocalReplicas {
    /**
     * Raft tuning of the partitions.
     *
     * @param snapshotEvery take a snapshot after this many log entries
     * @param segmentSize   log segment size (the log is purged up to a snapshot by whole segments)
     * @param electionMin   shortest election timeout
     * @param electionMax   longest election timeout
     */
    public record Tuning(long snapshotEvery, SizeInBytes segmentSize, Duration electionMin, Duration electionMax) {
        /** Snapshots every 10,000 entries, 8 MB segments, 1–2 s elections (stack.md pitfall 6). */
        public static final Tuning DEFAULT = new Tuning(10_000, SizeInBytes.valueOf("8MB"),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private final String nodeId;
    private final RaftServer server;
    private final RaftProperties properties;
    private final Parameters parameters;
    private final Optional<ReloadingTlsManagers> tls;

    private PartitionServer(String nodeId, RaftServer server, RaftProperties properties,
                            Optional<ReloadingTlsManagers> tls) {
        this.nodeId = nodeId;
        this.server = server;
        this.properties = properties;
        this.parameters = PartitionRaftTls.parameters(tls);
        this.tls = tls;
    }

    /**
     * Starts the Raft server of filer server {@code nodeId}, recovering every group under {@code dir}.
     *
     * @param raftPort the gRPC port; 0 binds a free one ({@link #raftPort()} tells which)
     * @throws IllegalStateException when it cannot start
     */
    public static PartitionServer start(String nodeId, String bindHost, int raftPort, Path dir, Tuning tuning) {
        return start(nodeId, bindHost, raftPort, dir, tuning, Optional.empty());
    }

    /**
     * {@link #start(String, String, int, Path, Tuning)} with the Raft traffic (between replicas, and this
     * server's own clients) over TLS when {@code tls} is present ({@link PartitionRaftTls}): with mutual TLS
     * the port refuses a peer or client without a certificate the cluster's CA signed.
     *
     * @throws IllegalStateException when it cannot start
     */
    public static PartitionServer start(String nodeId, String bindHost, int raftPort, Path dir, Tuning tuning,
                                        Optional<ReloadingTlsManagers> tls) {
        ExitUtils.disableSystemExit();
        RaftProperties props = properties(tuning);
        GrpcConfigKeys.Server.setHost(props, bindHost);
        GrpcConfigKeys.Server.setPort(props, raftPort);
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        try {
            Files.createDirectories(dir);
            RaftServer server = RaftServer.newBuilder()
                    .setServerId(PartitionMap.peerId(nodeId))
                    .setStateMachineRegistry(group -> new PartitionStateMachine())
                    .setProperties(props)
                    .setParameters(PartitionRaftTls.parameters(tls))
                    .build();
            server.start();
            return new PartitionServer(nodeId, server, props, tls);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the partition raft server of " + nodeId + " on port "
                    + raftPort + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The Raft properties partition servers and their clients share. */
    static RaftProperties properties(Tuning tuning) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, time(tuning.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, time(tuning.electionMax()));
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, tuning.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(tuning.snapshotEvery(), Integer.MAX_VALUE));
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, tuning.segmentSize());
        // Ratis appends a metadata entry (the new commit index) to the log after every commit by default:
        // a second entry written, replicated and synced on every replica for each command entry, which
        // doubled the entries of the create benchmark. Without it a restarted replica learns the commit
        // index from its leader; the state machine's batch mark already says how far its store got.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(props, false);
        // Not async flush: Ratis 3.3 marks as flushed every entry written by the time an asynchronous
        // sync completes, including those written after it started (not durable when acknowledged).
        RaftServerConfigKeys.Log.setPreallocatedSize(props, SizeInBytes.valueOf(Math.min(
                tuning.segmentSize().getSize(), 4L * 1024 * 1024)));
        return props;
    }

    /** This server's node id (its peer id in every group). */
    public String nodeId() {
        return nodeId;
    }

    /** The gRPC port the server listens on. */
    public int raftPort() {
        return server.getServerRpc().getInetSocketAddress().getPort();
    }

    /**
     * Hosts a replica of every partition of {@code map} that names this server, in parallel; a group the
     * server recovered from its storage is kept as it is.
     *
     * @throws IllegalStateException when a group cannot be added
     */
    public void hostAll(PartitionMap map) {
        List<RaftGroup> groups = map.hostedBy(nodeId).stream().map(p -> map.group(p.id())).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> adds = new ArrayList<>();
            for (RaftGroup g : groups) {
                adds.add(pool.submit(() -> host(g)));
            }
            for (Future<?> f : adds) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the partitions of " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hosts a replica of {@code group} unless the server already does.
     *
     * @throws IllegalStateException when Ratis refuses to add it
     */
    public void host(RaftGroup group) {
        if (hosts(group.getGroupId())) {
            return;
        }
        try {
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(),
                    server.getId(), 0, group, true));
            if (!reply.isSuccess() && !hosts(group.getGroupId())) {
                throw new IllegalStateException("cannot add partition group " + group.getGroupId() + ": "
                        + reply.getException());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot add partition group " + group.getGroupId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hosts {@code group} again after this server lost its replica's storage (a wiped or replaced disk),
     * through a membership change: the group drops this server, then takes it back as a new member. A
     * Ratis leader remembers how far each follower's log matched and never sends one entries below that
     * (stack.md pitfall 7), so a replica that restarts empty under the same id would wait for ever; as a
     * new member it is caught up from the leader's snapshot (InstallSnapshot) and the log after it. The
     * other replicas must have a leader. Blocks until both changes are committed.
     *
     * @throws IllegalStateException when a change fails
     */
    public void rejoin(RaftGroup group) {
        host(group);
        List<RaftPeer> others = group.getPeers().stream().filter(p -> !p.getId().equals(server.getId())).toList();
        try (RaftClient client = RaftClient.newBuilder().setProperties(properties).setParameters(parameters)
                .setRaftGroup(RaftGroup.valueOf(group.getGroupId(), others))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100,
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build()) {
            for (List<RaftPeer> conf : List.of(others, List.copyOf(group.getPeers()))) {
                RaftClientReply reply = client.admin().setConfiguration(conf);
                if (!reply.isSuccess()) {
                    throw new IllegalStateException("cannot change the members of partition group "
                            + group.getGroupId() + " to " + conf + ": " + reply.getException());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot rejoin partition group " + group.getGroupId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** True when this server hosts a replica of {@code group}. */
    public boolean hosts(RaftGroupId group) {
        try {
            for (RaftGroupId g : server.getGroupIds()) {
                if (g.equals(group)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when this server's replica of {@code group} leads it (and is ready to serve). */
    public boolean leads(RaftGroupId group) {
        return division(group).map(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady()).orElse(false);
    }

    /**
     * This server's replica of {@code group} when it leads the group and is ready (it applied every entry
     * of earlier terms), for calls that skip the client RPC; empty otherwise.
     */
    @Override
    public Optional<PartitionStateMachine> leading(RaftGroupId group) {
        return division(group).filter(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady())
                .map(d -> (PartitionStateMachine) d.getStateMachine());
    }

    /** This server's replica of {@code group}, whatever its role; empty when it hosts none. */
    @Override
    public Optional<PartitionStateMachine> hosted(RaftGroupId group) {
        return division(group).map(d -> (PartitionStateMachine) d.getStateMachine());
    }

    /** The leader of {@code group} as this replica knows it. */
    public Optional<RaftPeerId> leaderOf(RaftGroupId group) {
        return division(group).map(d -> d.getInfo().getLeaderId());
    }

    /** The index of the last entry this replica of {@code group} applied, or -1. */
    public long appliedIndex(RaftGroupId group) {
        return division(group).map(d -> d.getInfo().getLastAppliedIndex()).orElse(-1L);
    }

    /** The underlying Ratis division of {@code group}, if hosted (tests and diagnostics). */
    public Optional<RaftServer.Division> division(RaftGroupId group) {
        try {
            return Optional.of(server.getDivision(group));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every group this server hosts a replica of. */
    public List<RaftGroupId> groupIds() {
        List<RaftGroupId> out = new ArrayList<>();
        try {
            server.getGroupIds().forEach(out::add);
        } catch (RuntimeException e) {
            // a closing server hosts nothing
        }
        return out;
    }

    /**
     * Drops this server's replica of {@code group} and deletes its storage (the partition moved away).
     * Does nothing when the server does not host it.
     *
     * @throws IllegalStateException when Ratis refuses
     */
    public void drop(RaftGroupId group) {
        if (!hosts(group)) {
            return;
        }
        try {
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(ClientId.randomId(),
                    server.getId(), 0, group, true, false));
            if (!reply.isSuccess() && hosts(group)) {
                throw new IllegalStateException("cannot drop partition group " + group + ": " + reply.getException());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot drop partition group " + group + ": " + e.getMessage(), e);
        }
    }

    /** The properties this server runs with (clients reuse them). */
    RaftProperties properties() {
        return properties;
    }

    /** The TLS this server's Raft runs with, if any (its clients use the same). */
    Optional<ReloadingTlsManagers> tls() {
        return tls;
    }

    /** Stops the server and every replica it hosts; idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the partition raft server of " + nodeId + ": "
                    + e.getMessage(), e);
        }
    }

    private static TimeDuration time(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
