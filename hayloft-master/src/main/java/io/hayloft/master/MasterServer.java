package io.hayloft.master;

import io.hayloft.http.BackgroundLoop;
import io.hayloft.http.EventLoops;
import io.hayloft.http.HttpServerHandle;
import io.hayloft.http.Metrics;
import io.hayloft.http.PeerClient;
import io.hayloft.master.assign.Assigner;
import io.hayloft.master.growth.CollectionDeletion;
import io.hayloft.master.growth.GrowthWarmup;
import io.hayloft.master.growth.VolumeGrowth;
import io.hayloft.master.http.MasterContext;
import io.hayloft.master.filer.FilerPartitionKeeper;
import io.hayloft.master.filer.PartitionTableStore;
import io.hayloft.master.filer.RatisPartitionReplicas;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.master.http.MasterRouter;
import io.hayloft.master.ui.MasterUiRoutes;
import io.vertx.ext.web.Router;
import io.hayloft.master.raft.MasterRaft;
import io.hayloft.master.raft.RaftPeers;
import io.hayloft.master.repair.BusyVolumes;
import io.hayloft.master.repair.RepairMetrics;
import io.hayloft.master.repair.ReplicaCopier;
import io.hayloft.master.repair.ReplicationRepair;
import io.hayloft.master.repair.VolumeBalancer;
import io.hayloft.master.repair.VolumeCommands;
import io.hayloft.master.repair.VolumeMaintenance;
import io.hayloft.master.repair.VolumeMover;
import io.hayloft.master.sequence.FileKeySequencer;
import io.hayloft.master.topology.NodeReaper;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.vacuum.MasterVacuum;
import io.hayloft.master.volumes.VolumeServerClient;
import io.hayloft.master.ec.EcAutoCompact;
import io.hayloft.master.ec.EcAutoEncode;
import io.hayloft.master.ec.EcCompaction;
import io.hayloft.master.ec.EcDecoding;
import io.hayloft.master.ec.EcEncoding;
import io.hayloft.master.ec.EcMaintenance;
import io.hayloft.master.ec.EcRebuilding;
import io.hayloft.master.ec.EcBalancing;
import io.hayloft.master.vacuum.VacuumMetrics;
import io.hayloft.security.ReloadingTlsManagers;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master: the Raft member, the topology with its dead-node loop, and the HTTP API.
 *
 * <pre>
 *   start: raft (storage metaDir/raft; alone: wait to lead) ─► services ─► HTTP listen ─► reaper loop ─► vacuum loop
 *          ─► replica repair loop ─► filer partition loop
 *   close: filer partition loop ─► repair loop ─► vacuum loop ─► reaper ─► HTTP ─► peer clients ─► Vert.x ─► raft
 * </pre>
 *
 * <p>In a group ({@code -peers}), start returns without waiting for the other masters: HTTP
 * answers at once, leader-only calls get 503 with Retry-After until a leader is elected, then a
 * follower forwards them to it. A master whose {@code -peers} names only other masters joins their
 * running group ({@link MasterJoin}; see {@link RaftPeers} for the join semantics). A member of a group holds growth back for 1.5 pulses after its
 * start ({@link GrowthWarmup}) so that it has heard every volume server's heartbeat first.
 *
 * <p>Thread-safe. A solo master's Raft identity is its configured {@code advertisedHost:port}, so it
 * must restart with the same configured address (0 stays 0) to find its state again.
 */
public final class MasterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterServer.class);
    private static final Duration LEADER_WAIT = Duration.ofSeconds(60);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
    /** How long one replica compaction, copy or sync may take: a full 30 GB volume at a modest disk rate. */
    private static final Duration VACUUM_TIMEOUT = Duration.ofHours(2);
    /** How long each step of a filer partition replica move may take (catching up a large replica). */
    private static final Duration FILER_MOVE_WAIT = Duration.ofMinutes(2);

    private final MasterConfig config;
    private final MasterRaft raft;
    private final Vertx vertx;
    private final PeerClient peers;
    private final HttpServerHandle http;
    private final NodeReaper reaper;
    private final MasterJoin join;
    private final PeerClient vacuumPeers;
    private final BackgroundLoop vacuumLoop;
    private final BackgroundLoop repairLoop;
    private final BackgroundLoop ecLoop;
    private final BackgroundLoop filerLoop;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MasterServer(MasterConfig config, MasterRaft raft, Vertx vertx, PeerClient peers, HttpServerHandle http,
                         NodeReaper reaper, MasterJoin join, PeerClient vacuumPeers, BackgroundLoop vacuumLoop,
                         BackgroundLoop repairLoop, BackgroundLoop ecLoop, BackgroundLoop filerLoop) {
        this.config = config;
        this.raft = raft;
        this.vertx = vertx;
        this.peers = peers;
        this.http = http;
        this.reaper = reaper;
        this.join = join;
        this.vacuumPeers = vacuumPeers;
        this.vacuumLoop = vacuumLoop;
        this.repairLoop = repairLoop;
        this.ecLoop = ecLoop;
        this.filerLoop = filerLoop;
    }

    /**
     * Starts a master with the default Raft tuning; see {@link #start(MasterConfig, MasterRaft.Tuning)}.
     */
    public static MasterServer start(MasterConfig config) {
        return start(config, MasterRaft.Tuning.DEFAULT);
    }

    /**
     * Starts a master and returns once HTTP is listening; a master alone also waits until it leads,
     * a member of a group does not wait for its peers.
     *
     * @param tuning snapshot frequency, log segment size and election timeouts
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} for a bad configuration
     * @throws IllegalStateException when Raft or HTTP cannot start (nothing is left running then)
     */
    public static MasterServer start(MasterConfig config, MasterRaft.Tuning tuning) {
        config.validate();
        RaftPeers raftPeers = RaftPeers.derive(config.advertisedHost(), config.port(), config.raftPort(),
                config.peers());
        MasterRaft raft = MasterRaft.start(raftPeers, config.bindHost(), config.metaDir().resolve("raft"), tuning, LEADER_WAIT,
                config.security().tls().map(files -> ReloadingTlsManagers.load(files, Clock.systemUTC())));
        Vertx vertx = null;
        PeerClient peers = null;
        PeerClient vacuumPeers = null;
        try {
            vertx = EventLoops.create();
            peers = new PeerClient(vertx, PEER_TIMEOUT, config.security());
            Topology topology = new Topology(config.clock(), config.volumeSizeLimit(), config.deadNodeTimeout(),
                    new SplittableRandom());
            FileKeySequencer sequencer = new FileKeySequencer(raft, FileKeySequencer.DEFAULT_BLOCK_SIZE);
            vacuumPeers = new PeerClient(vertx, VACUUM_TIMEOUT, config.security());
            VolumeServerClient admin = new VolumeServerClient(peers, vacuumPeers);
            GrowthWarmup warmup = raftPeers.peers().size() > 1 || raftPeers.joining()
                    ? GrowthWarmup.afterPulses(config.clock(), config.pulse()) : GrowthWarmup.none(config.clock());
            VolumeGrowth growth = new VolumeGrowth(topology, raft, admin, warmup);
            Assigner assigner = new Assigner(topology, growth, sequencer, new SecureRandom());
            Metrics metrics = new Metrics("master");
            MasterVacuum vacuum = new MasterVacuum(topology, admin, admin,
                    new VacuumMetrics(metrics.registry()));
            BusyVolumes busy = new BusyVolumes();
            VolumeMaintenance maintenance = maintenance(config, topology, admin, metrics, raft::isLeader, busy);
            EcMaintenance ec = new EcMaintenance(
                    new EcEncoding(topology, admin, admin, busy, config.deadNodeTimeout()),
                    new EcRebuilding(topology, admin, busy, config.deadNodeTimeout(), config.clock(),
                            config.replicationGrace(), config.deadNodeTimeout(), raft::isLeader),
                    new EcDecoding(topology, admin, busy, config.deadNodeTimeout()),
                    new EcBalancing(topology, admin, busy, config.deadNodeTimeout()),
                    new EcCompaction(topology, admin, busy));
            EcAutoCompact autoCompact = new EcAutoCompact(topology, ec.compaction(), admin, busy, config.clock());
            FilerPartitionKeeper filerPartitions = new FilerPartitionKeeper(tableStore(raft),
                    new RatisPartitionReplicas(FILER_MOVE_WAIT), config.clock(), config.filerPartitions(),
                    config.filerReplicas(), config.replicationGrace(), config.pulse().multipliedBy(4), raft::isLeader);
            MasterContext context = new MasterContext(config, raft, topology, assigner, growth,
                    new CollectionDeletion(topology, admin), sequencer, peers, vacuum, maintenance, ec, filerPartitions);
            Router router = MasterRouter.create(vertx, context, metrics);
            MasterUiRoutes.install(router, context);
            HttpServerHandle http = HttpServerHandle.start(vertx, config.bindHost(), config.port(), router, r -> r, 1,
                    io.hayloft.http.ServerTls.of(config.security()));
            raft.publishHttpAddress(raftPeers.selfHost() + ":" + http.port());
            NodeReaper reaper = NodeReaper.start(topology, config.pulse());
            MasterJoin join = MasterJoin.startIfJoining(raft, peers);
            LOG.info("master {}:{} (raft {}) started, leader {}", raftPeers.selfHost(), http.port(),
                    raft.raftPort(), raft.leaderHttpAddress().orElse("?"));
            BackgroundLoop vacuumLoop = new BackgroundLoop("hayloft-vacuum", "vacuum pass");
            vacuumLoop.start(config.vacuumInterval(), () -> {
                if (raft.isLeader()) {
                    vacuum.scheduledPass(config.garbageThreshold());
                    autoCompact.pass(config.garbageThreshold());
                }
            });
            // the repair pass checks leadership itself: a follower must forget what it tracked
            BackgroundLoop repairLoop = new BackgroundLoop("hayloft-replica-repair", "replica repair pass");
            repairLoop.start(config.pulse(), maintenance.repair()::pass);
            // its own loop: a rebuild that takes minutes must not hold up re-replication
            BackgroundLoop ecLoop = new BackgroundLoop("hayloft-ec-rebuild", "erasure-coded shard rebuild pass");
            EcAutoEncode autoEncode = new EcAutoEncode(topology, ec.encoding(), busy, config.ecPolicy(), config.clock(),
                    config.deadNodeTimeout(), raft::isLeader);
            ecLoop.start(config.pulse(), () -> {
                ec.rebuilding().pass();
                autoEncode.pass();
            });
            BackgroundLoop filerLoop = new BackgroundLoop("hayloft-filer-partitions", "filer partition repair pass");
            filerLoop.start(config.pulse(), filerPartitions::repairPass);
            return new MasterServer(config, raft, vertx, peers, http, reaper, join, vacuumPeers, vacuumLoop,
                    repairLoop, ecLoop, filerLoop);
        } catch (RuntimeException e) {
            if (peers != null) {
                peers.close();
            }
            if (vacuumPeers != null) {
                vacuumPeers.close();
            }
            if (vertx != null) {
                closeVertx(vertx);
            }
            raft.close();
            throw e;
        }
    }

    /** The filer partition table in the master's Raft state. */
    private static PartitionTableStore tableStore(MasterRaft raft) {
        return new PartitionTableStore() {
            @Override
            public PartitionTable current() {
                return raft.state().filerPartitions();
            }

            @Override
            public boolean put(long expected, PartitionTable next) {
                return raft.putFilerPartitions(expected, next);
            }

            @Override
            public boolean knownNode(long nodeId) {
                return nodeId > 0 && nodeId <= raft.state().lastNodeId();
            }
        };
    }

    /**
     * The replica maintenance services. The repair pass waits the dead-node timeout after an
     * election, and copies wait as long for the target's heartbeat.
     */
    private static VolumeMaintenance maintenance(MasterConfig config, Topology topology, VolumeServerClient admin,
                                                 Metrics metrics, BooleanSupplier isLeader, BusyVolumes busy) {
        RepairMetrics repairMetrics = new RepairMetrics(metrics.registry());
        ReplicaCopier copier = new ReplicaCopier(topology, admin, config.replicationMBps(), config.deadNodeTimeout(),
                repairMetrics);
        ReplicationRepair repair = new ReplicationRepair(topology, admin, copier, busy, repairMetrics, config.clock(),
                config.replicationGrace(), config.deadNodeTimeout(), config.replicationConcurrency(), isLeader);
        VolumeMover mover = new VolumeMover(topology, admin, copier, busy);
        return new VolumeMaintenance(repair, mover, new VolumeBalancer(topology, mover, busy),
                new VolumeCommands(topology, admin, busy));
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /** The bound Raft port. */
    public int raftPort() {
        return raft.raftPort();
    }

    /** {@code advertisedHost:port}. */
    public String url() {
        return raft.selfHttpAddress();
    }

    /** True when this master is in the current Raft configuration (false while a joiner waits). */
    public boolean isMember() {
        return !raft.awaitingMembership() && raft.membership().isMember(raft.selfId());
    }

    /** True when this master leads the group and may serve writes. */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** Stops the dead-node loop, HTTP, the peer client, Vert.x and Raft; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        repairLoop.close();
        ecLoop.close();
        filerLoop.close();
        vacuumLoop.close();
        join.close();
        reaper.close();
        http.close();
        peers.close();
        vacuumPeers.close();
        closeVertx(vertx);
        raft.close();
    }

    private static void closeVertx(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vert.x did not close cleanly: {}", e.toString());
        }
    }
}
