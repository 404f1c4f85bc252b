package io.hayloft.filer;

import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import io.hayloft.filer.chunk.BlobStore;
import io.hayloft.filer.chunk.BufferedBytes;
import io.hayloft.filer.chunk.ColocatedVolume;
import io.hayloft.filer.chunk.ChunkReader;
import io.hayloft.filer.chunk.ChunkWriter;
import io.hayloft.filer.chunk.ClientBlobStore;
import io.hayloft.filer.chunk.FileUploader;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.deletion.DeletionCollector;
import io.hayloft.filer.http.FilerRoutes;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.filer.deletion.OrphanReclaimer;
import io.hayloft.filer.deletion.StaleIntentSweeper;
import io.hayloft.filer.partition.PartitionMember;
import io.hayloft.filer.partition.PartitionedFilerStore;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.jdbc.JdbcFilerStore;
import io.hayloft.filer.store.rocks.ReopeningFilerStore;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import io.hayloft.http.EventLoops;
import io.hayloft.http.HttpServerHandle;
import io.hayloft.http.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.hayloft.http.PeerClient;
import io.hayloft.http.VertxHttpTransport;
import io.hayloft.security.ReloadingTlsManagers;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running filer: the metadata store (RocksDB or PostgreSQL), the namespace, chunk I/O through a {@link HayloftClient}
 * sending over this server's Vert.x client ({@link VertxHttpTransport}: masters and volume servers alike), the
 * deletion collector and the HTTP API. Thread-safe.
 *
 * <pre>
 *   HTTP ─► FilerRoutes ─► Namespace ─► RocksFilerStore (dir) | JdbcFilerStore (jdbcUrl)
 *                      └─► FileUploader / ChunkReader ─► ClientBlobStore ─► master + volume servers
 *   DeletionCollector ─► deletion queue (RocksFilerStore) ─► ClientBlobStore.delete
 * </pre>
 */
public final class FilerServer implements AutoCloseable {
    /** Uploads that get their full (parallelism + 1) chunk buffers at once; more share the same memory. */
    static final int UPLOADS_AT_FULL_SPEED = 4;
    /** How long an upload waits for its first chunk buffer before it is answered 503. */
    static final java.time.Duration UPLOAD_BUFFER_WAIT = java.time.Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FilerServer.class);

    private final FilerConfig config;
    private final FilerStore store;
    /** How long a master or volume server may send or take nothing during a call before it fails. */
    static final java.time.Duration PEER_STALL = java.time.Duration.ofSeconds(30);
    private final HayloftClient client;
    private final PeerClient peers;
    private final DeletionCollector collector;
    private final FilerServices services;
    private final Vertx vertx;
    private final HttpServerHandle http;
    /** The partitioned store's membership (Raft server, heartbeats), closed after the store; null otherwise. */
    private final AutoCloseable partitions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FilerServer(FilerConfig config, FilerStore store, HayloftClient client, PeerClient peers,
                        DeletionCollector collector,
                        FilerServices services, Vertx vertx, HttpServerHandle http, AutoCloseable partitions) {
        this.config = config;
        this.store = store;
        this.client = client;
        this.peers = peers;
        this.collector = collector;
        this.services = services;
        this.vertx = vertx;
        this.http = http;
        this.partitions = partitions;
    }

    /**
     * Opens the store ({@code config.dir()} or {@code config.jdbcUrl()}), queues the chunks of writes a
     * previous run of this filer never committed (its leftover upload intents) for deletion, starts HTTP
     * and (if configured) the deletion collector, which resumes any deletions queued before a restart.
     *
     * @return the running filer
     * @throws io.hayloft.api.HayloftException INTERNAL when the store cannot be opened (e.g. another filer
     *                                         holds the directory)
     * @throws IllegalStateException          when the port cannot be bound (nothing is left running)
     */
    public static FilerServer start(FilerConfig config) {
        return start(config, UploadFaults.NONE);
    }

    /** {@link #start(FilerConfig)} with fault-injection hooks in the upload path, for crash tests. */
    public static FilerServer start(FilerConfig config, UploadFaults faults) {
        return start(config, faults, null);
    }

    /**
     * {@link #start(FilerConfig, UploadFaults)} beside a volume server in the same process: chunks that go
     * to it, or that it holds, move by method call instead of loopback HTTP.
     *
     * @param colocated the volume server in this process, or null
     */
    public static FilerServer start(FilerConfig config, UploadFaults faults, ColocatedVolume colocated) {
        if (config.store() == FilerConfig.Store.PARTITIONED) {
            return startPartitioned(config, faults, colocated);
        }
        return start(config, faults, colocated, openStore(config), null);
    }

    /**
     * A filer server of the partitioned store: registers with the master, opens the partition replicas
     * the master gives it ({@link PartitionMember}), waits until the master placed the partitions, then
     * serves every path through the partitions' leaders.
     */
    private static FilerServer startPartitioned(FilerConfig config, UploadFaults faults, ColocatedVolume colocated) {
        FilerConfig.Partitioning p = config.partitioning();
        HayloftClient masterClient = HayloftClient.create(ClientConfig.defaults(config.masters())
                .withClock(config.clock()), config.security());
        PartitionMember member = null;
        try {
            member = PartitionMember.start(new PartitionMember.Settings(config.dir(), config.bindHost(),
                    config.advertisedHost(), p.raftPortFor(config.port()), p.dataCenter(), p.rack(), p.pulse(),
                    p.tuning(), config.clock(), p.startWait(), p.reads()), masterClient.masters(),
                    config.security().tls().map(files -> ReloadingTlsManagers.load(files, Clock.systemUTC())));
            PartitionedFilerStore store = member.store(p.startWait());
            PartitionMember started = member;
            FilerServer filer = start(config, faults, colocated, store, () -> {
                started.close();
                masterClient.close();
            });
            member.publishHttpAddress(filer.url());
            return filer;
        } catch (RuntimeException e) {
            if (member != null) {
                member.close();
            }
            masterClient.close();
            throw e;
        }
    }

    /**
     * {@link #start(FilerConfig)} over a metadata store the caller opened (a
     * {@code partition.PartitionedFilerStore}: the filer's metadata on Raft partitions, which
     * {@code config.store()} cannot name yet). The server owns the store from here: it closes it when it
     * closes, or when it fails to start.
     */
    public static FilerServer start(FilerConfig config, FilerStore store) {
        return start(config, UploadFaults.NONE, null, store, null);
    }

    private static FilerServer start(FilerConfig config, UploadFaults faults, ColocatedVolume colocated,
                                     FilerStore store, AutoCloseable partitions) {
        Vertx vertx = EventLoops.create();
        // every call to masters and volume servers goes through this server's own Vert.x client
        PeerClient peers = new PeerClient(vertx, ClientConfig.DEFAULT_CONNECT_TIMEOUT, config.security());
        HayloftClient client = HayloftClient.create(ClientConfig.defaults(config.masters()).withClock(config.clock()),
                new VertxHttpTransport(peers, PEER_STALL));
        DeletionCollector collector = null;
        try {
            int orphans = OrphanReclaimer.reclaim(store, config.owner());
            if (orphans > 0) {
                LOG.info("queued {} chunks of uncommitted writes from a previous run for deletion", orphans);
            }
            // uploads share room for four at full speed: (parallelism + 1) chunks each; beyond that they slow
            // to one buffer each, and a new one waits for room (503 after the wait); one upload's worth of
            // buffers is kept between uploads (counted in it), so large uploads do not churn the old generation
            BufferedBytes buffered = new BufferedBytes(UPLOADS_AT_FULL_SPEED * (config.uploadParallelism() + 1L)
                    * config.chunkSize(), UPLOAD_BUFFER_WAIT);
            Metrics metrics = new Metrics("filer");
            Gauge.builder("hayloft_filer_buffered_bytes", buffered, BufferedBytes::current)
                    .description("file content the filer holds in memory now (chunk buffers)").baseUnit("bytes")
                    .register(metrics.registry());
            Gauge.builder("hayloft_filer_buffered_peak_bytes", buffered, BufferedBytes::peak)
                    .description("the most file content the filer ever held in memory at once").baseUnit("bytes")
                    .register(metrics.registry());
            BlobStore blobs = new ClientBlobStore(client, colocated, buffered);
            collector = new DeletionCollector(store, blobs, config.deletionInterval(),
                    new StaleIntentSweeper(store, config.clock(), config.staleIntentAge()));
            DeletionCollector wake = collector;
            Namespace namespace = new Namespace(store, config.clock(),
                    config.collectDeletions() ? wake::wakeUp : () -> { });
            FileUploader uploader = new FileUploader(namespace, store,
                    new ChunkWriter(blobs, config.clock(), config.uploadParallelism(), buffered,
                            (config.uploadParallelism() + 1L) * config.chunkSize()), config.clock(),
                    config.inlineLimit(), config.owner(), faults);
            StoragePolicy defaults = new StoragePolicy(config.collection(), config.replication(), config.ttl());
            FilerServices services = new FilerServices(namespace, uploader, new ChunkReader(blobs), defaults,
                    config.chunkSize(), config.rules(), config.masters());
            HttpServerHandle http = HttpServerHandle.start(vertx, config.bindHost(), config.port(),
                    FilerRoutes.create(vertx, namespace, uploader, services.reader(), collector,
                            metrics, defaults, config.chunkSize(), config.rules(),
                            config.masters()), r -> r, 1, io.hayloft.http.ServerTls.of(config.security()));
            if (config.collectDeletions()) {
                collector.start();
            }
            if (!config.rules().rules().isEmpty()) {
                LOG.info("path rules: {}", config.rules().rules());
            }
            LOG.info("filer {}:{} serving {} over masters {}", config.advertisedHost(), http.port(),
                    store instanceof ReopeningFilerStore ? config.dir()
                            : store instanceof JdbcFilerStore ? JdbcFilerStore.redacted(config.jdbcUrl())
                            : store.getClass().getSimpleName(), config.masters());
            return new FilerServer(config, store, client, peers, collector, services, vertx, http, partitions);
        } catch (RuntimeException e) {
            if (collector != null) {
                collector.close();
            }
            client.close();
            peers.close();
            vertx.close();
            store.close();
            closePartitions(partitions);
            throw e;
        }
    }

    private static FilerStore openStore(FilerConfig config) {
        return switch (config.store()) {
            case ROCKSDB -> new ReopeningFilerStore(() -> RocksFilerStore.open(config.dir(), config.clock()),
                    () -> usableBytes(config.dir()), ReopeningFilerStore.DEFAULT_MIN_FREE_BYTES,
                    ReopeningFilerStore.DEFAULT_RETRY_EVERY, System::nanoTime);
            case POSTGRES -> JdbcFilerStore.open(config.jdbcUrl(), config.clock());
            case PARTITIONED -> throw new IllegalStateException("the partitioned store is opened by startPartitioned");
        };
    }

    /** Usable bytes on {@code dir}'s file system; 0 when it cannot be read (then no reopen is tried). */
    private static long usableBytes(java.nio.file.Path dir) {
        try {
            return java.nio.file.Files.getFileStore(dir).getUsableSpace();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void closePartitions(AutoCloseable partitions) {
        if (partitions == null) {
            return;
        }
        try {
            partitions.close();
        } catch (Exception e) {
            LOG.warn("the partition replicas did not stop cleanly: {}", e.toString());
        }
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /**
     * The namespace, uploader, reader and write defaults behind the HTTP API, for a caller in this process
     * that would otherwise call that API over loopback (the S3 gateway of {@code hayloft server}). Writes,
     * renames and deletes through them follow the same rules, locks and atomic commits as HTTP requests;
     * they stop working once this server is closed.
     */
    public FilerServices services() {
        return services;
    }

    /** {@code advertisedHost:port}. */
    public String url() {
        return config.advertisedHost() + ":" + port();
    }

    /** Stops HTTP and the collector, then closes the client and the store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.close();
        collector.close();
        client.close();
        peers.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
        }
        store.close();
        closePartitions(partitions);
        LOG.info("filer {} stopped", url());
    }
}
