package io.hayloft.volume;

import io.hayloft.api.wire.Location;
import io.hayloft.http.EventLoops;
import io.hayloft.http.HttpServerHandle;
import io.hayloft.http.Metrics;
import io.hayloft.http.PeerClient;
import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.volume.colocated.ColocatedNeedles;
import io.hayloft.volume.copy.VolumeCopier;
import io.hayloft.volume.ec.EcDecoder;
import io.hayloft.volume.ec.EcNeedleDeletes;
import io.hayloft.volume.ec.EcShardCopier;
import io.hayloft.volume.ec.EcVolumes;
import io.hayloft.volume.ec.RemoteShards;
import io.hayloft.volume.ec.ShardLocator;
import io.hayloft.volume.http.EcServices;
import io.hayloft.volume.http.FastReadPath;
import io.hayloft.volume.http.VolumeAccess;
import io.hayloft.volume.http.VolumeMetrics;
import io.hayloft.volume.http.VolumeRoutes;
import io.hayloft.volume.master.HeartbeatLoop;
import io.hayloft.volume.master.Reconciliation;
import io.hayloft.volume.master.MasterClient;
import io.hayloft.volume.master.NodeAddress;
import io.hayloft.volume.master.NodeIdFile;
import io.hayloft.volume.replication.ReplicaLocator;
import io.hayloft.volume.replication.ReplicaReader;
import io.hayloft.volume.replication.ReplicaRepair;
import io.hayloft.volume.replication.ReplicationJournal;
import io.hayloft.volume.replication.ReplicatedWriter;
import io.hayloft.volume.scrub.NeedleRepair;
import io.hayloft.volume.scrub.ScrubMetrics;
import io.hayloft.volume.scrub.Scrubber;
import io.hayloft.volume.ui.VolumeOverview;
import io.hayloft.volume.ui.VolumeUiRoutes;
import io.vertx.ext.web.Router;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.sync.ReplicaSync;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running volume server: its {@link Store}, the HTTP API and the heartbeat to the master.
 *
 * <p>{@link #start} loads every volume, starts HTTP, then registers and heartbeats in the
 * background, and starts the background {@link Scrubber} and the {@link ReplicaRepair} retries
 * (resuming what the replication journal left open); a master that is down at start is retried every pulse and never fails the start.
 * Thread-safe.
 */
public final class VolumeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeServer.class);
    /** How long one call to the master or a peer may take. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    /** How long a replica lookup is trusted before the master is asked again. */
    private static final Duration LOOKUP_MAX_AGE = Duration.ofMinutes(1);
    /** How long a volume copy's source may send nothing before the copy fails. */
    private static final Duration COPY_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long where erasure-coded shards are is trusted before the master is asked again. */
    private static final Duration SHARD_LOOKUP_MAX_AGE = Duration.ofSeconds(30);
    /** Longest wait for one shard range from one other server before the next holder, or a rebuild. */
    private static final Duration SHARD_READ_DEADLINE = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Store store;
    private final PeerClient peers;
    private final MasterClient master;
    private final HttpServerHandle http;
    private final HeartbeatLoop heartbeat;
    private final Scrubber scrubber;
    private final ReplicaRepair repair;
    private final VolumeCopier copier;
    private final ReplicaSync sync;
    private final String url;
    private final String publicUrl;
    private final ColocatedNeedles colocated;
    private final Metrics metrics;
    private final EcVolumes ecVolumes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VolumeServer(Vertx vertx, Store store, PeerClient peers, MasterClient master, HttpServerHandle http,
                         HeartbeatLoop heartbeat,
                         Scrubber scrubber, ReplicaRepair repair, VolumeCopier copier, ReplicaSync sync, String url,
                         String publicUrl, ColocatedNeedles colocated, Metrics metrics, EcVolumes ecVolumes) {
        this.ecVolumes = ecVolumes;
        this.vertx = vertx;
        this.store = store;
        this.peers = peers;
        this.master = master;
        this.http = http;
        this.heartbeat = heartbeat;
        this.scrubber = scrubber;
        this.repair = repair;
        this.copier = copier;
        this.sync = sync;
        this.url = url;
        this.publicUrl = publicUrl;
        this.colocated = colocated;
        this.metrics = metrics;
    }

    /**
     * Loads the volumes, starts HTTP and the heartbeat loop.
     *
     * @return the running server; {@link #nodeId()} stays 0 until the master has assigned one
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} for an invalid config
     * @throws IllegalStateException          when the port cannot be bound (nothing is left running)
     * @throws java.io.UncheckedIOException   when a data directory cannot be created or listed
     */
    public static VolumeServer start(VolumeServerConfig config) {
        config.validate();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < config.dirs().size(); i++) {
            slots.add(config.maxVolumesOf(i));
        }
        Store store = Store.load(config.dirs(), slots, Store.DEFAULT_SIZE_LIMIT, config.fsync(), config.clock());
        Vertx vertx = EventLoops.create();
        PeerClient peers = new PeerClient(vertx, PEER_TIMEOUT, config.security());
        VolumePeerClient volumePeers = new VolumePeerClient(peers);
        VolumeCopier copier = new VolumeCopier(volumePeers, store, config.clock(), COPY_IDLE_TIMEOUT);
        Scrubber scrubber = null;
        ReplicaRepair repair = null;
        ReplicaSync sync = null;
        MasterClient master = new MasterClient(config.masters(), peers, PEER_TIMEOUT);
        EcVolumes ecVolumes = null;
        try {
            AtomicReference<String> selfUrl = new AtomicReference<>(config.advertisedHost() + ":" + config.port());
            ShardLocator shardLocator = new ShardLocator(master::lookup, selfUrl::get, config.clock(),
                    SHARD_LOOKUP_MAX_AGE);
            ecVolumes = EcVolumes.load(store, new RemoteShards(volumePeers, shardLocator, SHARD_READ_DEADLINE));
            EcServices ec = new EcServices(ecVolumes, new EcShardCopier(ecVolumes, volumePeers, COPY_IDLE_TIMEOUT),
                    new EcNeedleDeletes(ecVolumes, shardLocator, volumePeers), new EcDecoder(ecVolumes, store));
            HeartbeatLoop heartbeat = new HeartbeatLoop(store, ecVolumes::reports, master,
                    new NodeIdFile(store.locations().getFirst().dir()), config.pulse(), config.ttlGrace());
            ReplicaLocator locator = new ReplicaLocator(master, selfUrl::get, config.clock(), LOOKUP_MAX_AGE);
            repair = new ReplicaRepair(store, volumePeers,
                    ReplicationJournal.open(store.locations().getFirst().dir()), config.clock()).start(config.pulse());
            ReplicatedWriter writer = new ReplicatedWriter(store, locator, volumePeers, repair, heartbeat::beatNow);
            ReplicaReader replicaReader = new ReplicaReader(locator, volumePeers);
            Metrics metrics = new Metrics("volume");
            VolumeMetrics volumeMetrics = new VolumeMetrics(metrics.registry(), store);
            scrubber = new Scrubber(store, new NeedleRepair(replicaReader), ecVolumes::all, config.scrub(),
                    new ScrubMetrics(metrics.registry()), config.clock());
            // Sync needs every replica, this server included, fresh from the master (not the locator's
            // cache); ReplicaSync drops nulls and duplicates itself.
            sync = new ReplicaSync(store, id -> master.lookup(id).locations().stream().map(Location::url).toList(),
                    selfUrl::get, volumePeers, config.sync(), metrics.registry(), config.clock());
            VolumeAccess access = VolumeAccess.of(config.whiteList(), config.security());
            Router router = VolumeRoutes.create(vertx, store, writer, replicaReader, metrics, volumeMetrics,
                    heartbeat::beatNow,
                    config.clock(), config.fileSizeLimit(), access, heartbeat::reconciliation,
                    copier, sync, ec, config.effectiveBodyMemory());
            AtomicReference<String> shownPublicUrl = new AtomicReference<>("");
            VolumeUiRoutes.install(router, new VolumeOverview.Sources(VolumeUiRoutes.VERSION, selfUrl::get, shownPublicUrl::get,
                    config.masters(), store, ecVolumes::reports, scrubber, sync, heartbeat::reconciliation,
                    config.clock()));
            EcVolumes ecServed = ecVolumes;
            HttpServerHandle http = HttpServerHandle.start(vertx, config.bindHost(), config.port(), router,
                    // FastReadPath reads on the event loop: one loop per core, not the single loop of one server
                    routes -> new FastReadPath(store, ecServed, metrics, volumeMetrics, access.reads(), routes),
                    Runtime.getRuntime().availableProcessors(), io.hayloft.http.ServerTls.of(config.security()));
            int port = http.port();
            selfUrl.set(config.advertisedHost() + ":" + port);
            String publicUrl = config.publicUrl() == null || config.publicUrl().isBlank()
                    ? selfUrl.get() : config.publicUrl();
            shownPublicUrl.set(publicUrl);
            heartbeat.start(new NodeAddress(config.advertisedHost(), port, publicUrl, config.dataCenter(),
                    config.rack()));
            sync.start();
            LOG.info("volume server {} (public {}) serving {} volumes from {}, masters {}", selfUrl.get(), publicUrl,
                    store.volumes().size(), config.dirs(), config.masters());
            ColocatedNeedles colocated = new ColocatedNeedles(store, writer, config.clock(), config.fileSizeLimit(),
                    selfUrl::get);
            return new VolumeServer(vertx, store, peers, master, http, heartbeat, scrubber.start(), repair, copier,
                    sync, selfUrl.get(), publicUrl, colocated, metrics, ecVolumes);
        } catch (RuntimeException e) {
            if (scrubber != null) {
                scrubber.close();
            }
            if (repair != null) {
                repair.close();
            }
            if (sync != null) {
                sync.close();
            }
            master.close();
            if (ecVolumes != null) {
                ecVolumes.close();
            }
            peers.close();
            vertx.close();
            store.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** {@code advertisedHost:port}, how servers reach this one. */
    public String url() {
        return url;
    }

    /** {@code host:port} handed to clients. */
    public String publicUrl() {
        return publicUrl;
    }

    /** The node id the master assigned, or 0 until it has. */
    public long nodeId() {
        return heartbeat.nodeId();
    }

    /** This server's needles as method calls, for a role in the same process (no loopback HTTP). */
    /** The server's meters ({@code GET /metrics}). */
    public Metrics metrics() {
        return metrics;
    }

    public ColocatedNeedles colocated() {
        return colocated;
    }

    public Store store() {
        return store;
    }

    /** The erasure-coded volumes this server holds shards (or the index) of. */
    public EcVolumes ecVolumes() {
        return ecVolumes;
    }

    /** The background scrub; {@link Scrubber#scrubAll()} runs a pass now. */
    public Scrubber scrubber() {
        return scrubber;
    }

    /** Replicas still to bring in line after partly failed replicated writes or deletes. */
    public ReplicaRepair replicaRepair() {
        return repair;
    }

    /**
     * Waits until a master has answered this server's heartbeat (it is then in the topology).
     *
     * @return true once registered; false when {@code timeout} passed first
     */
    public boolean awaitRegistered(java.time.Duration timeout) throws InterruptedException {
        return heartbeat.awaitFirstHeartbeat(timeout);
    }

    /** The last registration check against a master that knew this node; empty before one. */
    public Optional<Reconciliation> reconciliation() {
        return heartbeat.reconciliation();
    }

    /** Replica sync: {@link ReplicaSync#syncNow} compares and repairs a volume's replicas now. */
    public ReplicaSync replicaSync() {
        return sync;
    }

    /** The masters this server heartbeats to now (configured plus announced by the group). */
    public List<String> masters() {
        return heartbeat.masters();
    }

    /** Stops heartbeats and HTTP, then closes (flushes) every volume. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scrubber.close();
        sync.close();
        heartbeat.close();
        master.close();
        http.close();
        repair.close();
        peers.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
        }
        ecVolumes.close();
        store.close();
        LOG.info("volume server {} stopped", url);
    }
}
