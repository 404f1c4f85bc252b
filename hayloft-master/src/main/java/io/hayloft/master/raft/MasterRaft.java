package io.hayloft.master.raft;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.growth.VolumeIdSource;
import io.hayloft.master.sequence.KeyLedger;
import io.hayloft.security.ReloadingTlsManagers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * This master's membership in the Raft group: the server, the state machine and a client that
 * writes commands through the leader. Reads of the replicated state are local.
 *
 * <p>Thread-safe. Write methods block the calling (virtual) thread until the command is committed
 * and applied, at most {@link #WRITE_TIMEOUT}.
 */
public final class MasterRaft implements AutoCloseable, KeyLedger, VolumeIdSource, Leadership {
    /** Longest a single write may wait for commit. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** Snapshot and log tuning. */
    public record Tuning(long snapshotEvery, SizeInBytes segmentSize, Duration electionMin, Duration electionMax) {
        /** Masters: snapshot every 1000 entries, 1–2 s elections. */
        public static final Tuning DEFAULT = new Tuning(1000, SizeInBytes.valueOf("1MB"),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private final RaftPeers peers;
    private final MasterStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    private final RaftMembership membership;
    private volatile String selfHttpAddress;

    private MasterRaft(RaftPeers peers, MasterStateMachine stateMachine, RaftServer server, RaftClient client) {
        this.peers = peers;
        this.stateMachine = stateMachine;
        this.server = server;
        this.client = client;
        this.selfHttpAddress = peers.httpAddressOf().get(peers.self().getId());
        this.membership = new RaftMembership(this::currentDivision, client, this, PeerProbe.tcp());
    }

    /**
     * Starts the Raft server with storage under {@code storageDir} (formatting it on first start,
     * recovering from its snapshot and log after). A master alone waits until it leads (it elects
     * itself in well under a second); a member of a group returns at once, since its peers may
     * not be up yet: until a leader exists, {@link #isLeader()} is false and
     * {@link #leaderHttpAddress()} empty. A joining master ({@link RaftPeers#joining()}) starts with
     * an empty configuration on first start and waits to be added; after that it recovers the
     * configuration from its log like any member.
     *
     * @param peers    the group; a lone master's raft port 0 means the gRPC server binds a free port
     *                 itself (then {@link #raftPort()} is the bound one)
     * @param bindHost address the Raft gRPC server binds to
     * @throws IllegalStateException when the server cannot start, or (alone) no leader emerges within {@code leaderWait}
     */
    public static MasterRaft start(RaftPeers peers, String bindHost, Path storageDir, Tuning tuning,
                                   Duration leaderWait) {
        return start(peers, bindHost, storageDir, tuning, leaderWait, Optional.empty());
    }

    /**
     * {@link #start(RaftPeers, String, Path, Tuning, Duration)} with the Raft gRPC traffic (between masters, and
     * this master's own client) over TLS when {@code tls} is present: the server presents the node certificate,
     * clients trust only the cluster's CA (and check the peer's address against the certificate), and with
     * mutual TLS the server refuses a peer without a certificate the CA signed. Renewed files are used from the
     * next connection on.
     */
    public static MasterRaft start(RaftPeers peers, String bindHost, Path storageDir, Tuning tuning,
                                   Duration leaderWait, Optional<ReloadingTlsManagers> tls) {
        // Ratis calls System.exit when its gRPC server cannot start (e.g. a busy port); an embedded
        // master must fail with an exception instead, and the caller decides whether to exit.
        ExitUtils.disableSystemExit();
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(props, bindHost);
        GrpcConfigKeys.Server.setPort(props, peers.selfRaftPort());
        RaftServerConfigKeys.setStorageDir(props, List.of(storageDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, time(tuning.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, time(tuning.electionMax()));
        boolean alone = peers.peers().size() == 1 && !peers.joining();
        if (alone) {
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, TimeDuration.valueOf(50, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));
        }
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, tuning.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(tuning.snapshotEvery(), Integer.MAX_VALUE));
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, tuning.segmentSize());
        RaftServerConfigKeys.Log.setPreallocatedSize(props, SizeInBytes.valueOf(Math.min(
                tuning.segmentSize().getSize(), 64 * 1024)));

        MasterStateMachine stateMachine = new MasterStateMachine();
        RaftServer server = null;
        try {
            Files.createDirectories(storageDir);
            boolean recover = Files.isDirectory(storageDir.resolve(RaftPeers.GROUP_ID.getUuid().toString()));
            server = RaftServer.newBuilder()
                    .setServerId(peers.self().getId())
                    .setGroup(peers.group())
                    .setStateMachine(stateMachine)
                    .setProperties(props)
                    .setParameters(grpcParameters(tls))
                    .setOption(recover ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                    .build();
            server.start();
            // Port 0: gRPC bound a free port itself, so no other socket could take it between a choice
            // and the bind; the client below and raftPort() use the port actually bound.
            RaftPeers bound = peers.selfRaftPort() == 0
                    ? peers.withSelfRaftPort(server.getServerRpc().getInetSocketAddress().getPort())
                    : peers;
            // Writes and membership changes are only sent while this master leads: the client talks
            // to itself (and follows a NotLeaderException's hint), whatever the configuration now is.
            RaftClient client = RaftClient.newBuilder()
                    .setProperties(props)
                    .setParameters(grpcParameters(tls))
                    .setRaftGroup(RaftGroup.valueOf(RaftPeers.GROUP_ID, bound.self()))
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(20,
                            TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                    .build();
            MasterRaft raft = new MasterRaft(bound, stateMachine, server, client);
            if (alone) {
                raft.awaitLeader(leaderWait);
            }
            return raft;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw new IllegalStateException("cannot start the master raft server on port "
                    + peers.selfRaftPort() + " in " + storageDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitLeader(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RaftPeerId> leader = leaderId();
            if (leader.isPresent() && (!leader.get().equals(selfId()) || isLeader())) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for a raft leader", e);
            }
        }
        throw new IllegalStateException("no raft leader elected within " + wait + " among " + peers.peers());
    }

    /** The replicated state as applied locally; any thread. */
    public MasterState state() {
        return stateMachine.state();
    }

    /** This master's peer id. */
    public RaftPeerId selfId() {
        return peers.self().getId();
    }

    /** The raft port the gRPC server listens on (the bound one when 0 was configured). */
    public int raftPort() {
        return peers.selfRaftPort();
    }

    @Override
    public boolean isLeader() {
        return division().map(d -> d.isLeader() && d.isLeaderReady()).orElse(false);
    }

    /**
     * Records the HTTP address this master actually listens on (its port may have been 0 in the
     * configuration); other masters' addresses come from the peer list. Any thread.
     */
    public void publishHttpAddress(String hostPort) {
        this.selfHttpAddress = hostPort;
    }

    @Override
    public String selfHttpAddress() {
        return selfHttpAddress;
    }

    @Override
    public Optional<String> leaderHttpAddress() {
        return leaderId().map(this::httpAddressOf);
    }

    /**
     * Every member's HTTP address from the current Raft configuration (so masters added at run time
     * are included and removed ones are not); the start-time list until the server runs.
     */
    @Override
    public List<String> peerHttpAddresses() {
        return orderedMembers().stream().map(p -> httpAddressOf(p.getId())).toList();
    }

    /**
     * The current members, in start-time list order, masters added later after them by id. This master is
     * listed with the Raft address it bound: a lone master started on Raft port 0 has {@code host:0} in its
     * group's configuration.
     */
    private List<RaftPeer> orderedMembers() {
        List<RaftPeer> members = membership.members().stream()
                .map(p -> p.getId().equals(selfId()) ? peers.self() : p).toList();
        if (members.isEmpty()) {
            return peers.peers();
        }
        List<RaftPeerId> initial = peers.peers().stream().map(RaftPeer::getId).toList();
        return members.stream().sorted(Comparator
                .comparingInt((RaftPeer p) -> initial.contains(p.getId()) ? initial.indexOf(p.getId()) : initial.size())
                .thenComparing(p -> p.getId().toString())).toList();
    }

    /** Reads and changes the group's membership. */
    public RaftMembership membership() {
        return membership;
    }

    /** True when this master started in join mode and is not yet in the configuration. */
    public boolean awaitingMembership() {
        return peers.joining() && !membership.isMember(selfId());
    }

    /** The running masters this one asks to be added; empty unless it started in join mode. */
    public List<String> joinVia() {
        return peers.joinVia();
    }

    /** This master's Raft (gRPC) address as other peers reach it. */
    public String selfRaftAddress() {
        return peers.self().getAddress();
    }

    private String httpAddressOf(RaftPeerId id) {
        if (id.equals(selfId())) {
            return selfHttpAddress;
        }
        String known = peers.httpAddressOf().get(id);
        return known != null ? known : RaftPeers.httpAddressOfId(id);
    }

    /**
     * The current Raft term as this master knows it (0 before the server runs). Any thread.
     */
    @Override
    public long leaderTerm() {
        return division().map(DivisionInfo::getCurrentTerm).orElse(0L);
    }

    /** What this master knows of the group now: its own role, term and indexes, and every member. */
    public RaftStatus status() {
        Optional<RaftServer.Division> d = currentDivision();
        List<RaftPeer> members = orderedMembers();
        Map<RaftPeerId, Long> commitIndexes = new HashMap<>();
        d.ifPresent(div -> div.getCommitInfos().forEach(c -> commitIndexes.put(
                RaftPeerId.valueOf(c.getServer().getId()), c.getCommitIndex())));
        return RaftStatus.of(selfId(), members, this::httpAddressOf,
                d.map(RaftServer.Division::getInfo), commitIndexes);
    }

    @Override
    public long keyCeiling() {
        return state().keyCeiling();
    }

    @Override
    public long reserveKeyBlock(long size) {
        return write(MasterCommand.reserveKeyBlock(size));
    }

    @Override
    public void raiseKeyCeiling(long key) {
        write(MasterCommand.raiseKeyCeiling(key));
    }

    @Override
    public VolumeId nextVolumeId() {
        long id = write(MasterCommand.allocateVolumeId());
        if (id <= 0) {
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "volume ids are exhausted");
        }
        return VolumeId.of((int) id);
    }

    /** Raises the max volume id to at least {@code volumeId} (reported by a volume server). Blocks. */
    public void raiseVolumeId(long volumeId) {
        write(MasterCommand.raiseVolumeId(volumeId));
    }

    /** The next node id from the replicated sequence. Blocks until committed. */
    public long nextNodeId() {
        return write(MasterCommand.nextNodeId());
    }

    /**
     * Hands out the next node id to the volume server at {@code address} and records the pair in
     * the replicated node registry, in one Raft entry. Leader only.
     *
     * @throws HayloftException {@code UNAVAILABLE} when this master is not the leader or the write fails;
     *                          {@code BAD_REQUEST} for an address over {@value MasterCommand#MAX_ADDRESS} bytes
     */
    public long registerNode(String address) {
        MasterCommand command;
        try {
            command = MasterCommand.registerNode(address);
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest(e.getMessage());
        }
        return write(command);
    }

    /**
     * Replaces the filer partition table with {@code next} if the committed one is still at version
     * {@code expected} (compare-and-set, one Raft entry). Leader only; blocks until applied.
     *
     * @return true when committed (the table is now numbered {@code expected + 1}); false when another
     *         change committed first (nothing changed: re-plan from the current table)
     * @throws HayloftException {@code UNAVAILABLE} when this master is not the leader or the write fails
     */
    public boolean putFilerPartitions(long expected, io.hayloft.api.wire.PartitionTable next) {
        return write(MasterCommand.putFilerPartitions(expected, next)) == expected + 1;
    }

    /**
     * Commits {@code command} through the leader and returns its reply.
     *
     * @throws HayloftException {@code UNAVAILABLE} when this master is not the leader or the write fails
     */
    long write(MasterCommand command) {
        checkLeader();
        try {
            RaftClientReply reply = client.async().send(Message.valueOf(
                            org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(command.encode())))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "raft write " + command.kind() + " failed: "
                        + reply.getException());
            }
            return ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted during raft write", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "raft write " + command.kind() + " failed: "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private Optional<RaftPeerId> leaderId() {
        return division().map(DivisionInfo::getLeaderId);
    }

    private Optional<DivisionInfo> division() {
        return currentDivision().map(RaftServer.Division::getInfo);
    }

    private Optional<RaftServer.Division> currentDivision() {
        try {
            return Optional.of(server.getDivision(RaftPeers.GROUP_ID));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Closes the client and the server; idempotent. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // the server below is what matters; a client close failure leaves nothing behind
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the raft server: " + e.getMessage(), e);
        }
    }

    /** Ratis' gRPC settings beyond the properties: TLS for the server, peers, clients and admin alike. */
    static Parameters grpcParameters(Optional<ReloadingTlsManagers> tls) {
        Parameters parameters = new Parameters();
        tls.ifPresent(t -> GrpcConfigKeys.TLS.setConf(parameters,
                new GrpcTlsConfig(t.keyManager(), t.trustManager(), t.mutual())));
        return parameters;
    }

    private static TimeDuration time(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
