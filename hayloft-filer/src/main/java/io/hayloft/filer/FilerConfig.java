package io.hayloft.filer;

import io.hayloft.api.HayloftException;
import io.hayloft.security.SecurityConfig;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.filer.rules.PathRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a filer runs, with units. Build with {@link #defaults} or {@link #forTest} and the
 * {@code with...} methods; the compact constructor checks every value (those a flag sets against
 * {@link FilerSettings}).
 *
 * @param bindHost           interface to listen on
 * @param advertisedHost     host name others reach this filer by
 * @param port               HTTP port; 0 picks a free one (default {@value #DEFAULT_PORT})
 * @param dir                directory of the embedded RocksDB store (unused with {@link Store#POSTGRES})
 * @param masters            master addresses ({@code host:port}), tried in order
 * @param collection         collection for chunks when a request names none; empty for the default
 * @param replication        replica placement when a request names none; null for the master's default
 * @param ttl                TTL when a request names none ({@code -ttl})
 * @param chunkSize          chunk size in bytes when a request gives no {@code maxMB} ({@code -maxMB}, 8 MiB)
 * @param inlineLimit        files of at most this many bytes are kept inside their entry ({@code -inlineLimit}, 2 KiB)
 * @param uploadParallelism  chunk uploads in flight per file ({@code -uploadParallelism}, 2; memory ≈ (n + 1) chunks)
 * @param deletionInterval   pause between deletion-collector passes ({@code -deletionInterval}, 10 s)
 * @param collectDeletions   run the background deletion collector (off only for maintenance and tests:
 *                           deletions then stay queued)
 * @param store              where metadata lives (default {@link Store#ROCKSDB} in {@code dir})
 * @param jdbcUrl            the database of {@link Store#POSTGRES} ({@code jdbc:postgresql://host:5432/db?user=…});
 *                           empty for RocksDB
 * @param rules              per path prefix: collection, replication, TTL and chunk size when a request names
 *                           none (default: no rules)
 * @param clock              time source for entries, the queue and the client
 * @param staleIntentAge     upload intents older than this, of any filer sharing the store, belong to a filer
 *                           that died and never came back: their chunks go onto the deletion queue (default
 *                           1 h; a write still running after this long fails at commit instead of losing data)
 * @param security           {@code security.toml}: the internal token sent to masters and volume servers, TLS;
 *                           {@link SecurityConfig#NONE} by default (null reads as that)
 * @param partitioning       how this filer server takes part in the partitioned store ({@link Store#PARTITIONED}):
 *                           its Raft port, rack, heartbeat period and how reads are answered (null reads as
 *                           {@link Partitioning#DEFAULT})
 */
public record FilerConfig(String bindHost, String advertisedHost, int port, Path dir, List<String> masters,
                          String collection, ReplicaPlacement replication, Ttl ttl, int chunkSize, int inlineLimit,
                          int uploadParallelism, Duration deletionInterval, boolean collectDeletions,
                          Store store, String jdbcUrl, PathRules rules, Clock clock, Duration staleIntentAge,
                          SecurityConfig security, Partitioning partitioning) {
    public static final int DEFAULT_PORT = FilerSettings.PORT.defaultValue();

    /** The metadata store implementations. */
    public enum Store {
        /** Embedded RocksDB in {@code dir}: one filer. */
        ROCKSDB,
        /** A PostgreSQL-compatible database at {@code jdbcUrl}: filers may share it. */
        POSTGRES,
        /**
         * Raft partitions placed by the master: this filer server registers with the master, hosts the
         * partition replicas the master gives it (in {@code dir}), and serves any path through the
         * partition's leader, wherever it is.
         */
        PARTITIONED
    }

    /**
     * A filer server's part in the partitioned store.
     *
     * @param raftPort   the partition Raft (gRPC) port; 0 picks a free one at start
     * @param dataCenter data center name, for placement ("" when not set)
     * @param rack       rack name: the master puts a partition's replicas on distinct racks where it can
     * @param pulse      heartbeat period to the master
     * @param startWait  how long a start waits for the master to place the partitions (enough filer servers
     *                   registered) and for this server's replicas to open
     * @param tuning     Raft tuning of the partition replicas (snapshots, log segments, elections)
     */
    public record Partitioning(int raftPort, String dataCenter, String rack, Duration pulse, Duration startWait,
                               io.hayloft.filer.partition.PartitionServer.Tuning tuning,
                               io.hayloft.filer.partition.PartitionReads reads) {
        /** Raft port = HTTP port + 10000, no rack, a 5 s pulse, 5 minutes to start, linearizable reads. */
        public static final Partitioning DEFAULT = new Partitioning(-1, "", "", Duration.ofSeconds(5),
                Duration.ofMinutes(5), io.hayloft.filer.partition.PartitionServer.Tuning.DEFAULT,
                io.hayloft.filer.partition.PartitionReads.LINEARIZABLE);

        public Partitioning {
            HayloftException.checkArgument(raftPort >= -1 && raftPort <= 65535, "-port.raft must be 0..65535");
            dataCenter = dataCenter == null ? "" : dataCenter;
            rack = rack == null ? "" : rack;
            HayloftException.checkArgument(pulse != null && !pulse.isNegative() && !pulse.isZero(),
                    "the filer heartbeat pulse must be positive");
            HayloftException.checkArgument(startWait != null && !startWait.isNegative(), "startWait must not be negative");
            HayloftException.checkArgument(tuning != null, "partition tuning is required");
            reads = reads == null ? io.hayloft.filer.partition.PartitionReads.LINEARIZABLE : reads;
        }

        /** The Raft port to bind for HTTP port {@code httpPort}: the configured one, else HTTP port + 10000 (0 for 0). */
        public int raftPortFor(int httpPort) {
            if (raftPort >= 0) {
                return raftPort;
            }
            return httpPort == 0 ? 0 : httpPort + 10000;
        }

        public Partitioning withRaftPort(int p) {
            return new Partitioning(p, dataCenter, rack, pulse, startWait, tuning, reads);
        }

        public Partitioning withRack(String dc, String r) {
            return new Partitioning(raftPort, dc, r, pulse, startWait, tuning, reads);
        }

        public Partitioning withPulse(Duration d) {
            return new Partitioning(raftPort, dataCenter, rack, d, startWait, tuning, reads);
        }

        public Partitioning withTuning(io.hayloft.filer.partition.PartitionServer.Tuning t, Duration wait) {
            return new Partitioning(raftPort, dataCenter, rack, pulse, wait, t, reads);
        }

        /** With reads answered as {@code r} ({@code -partition.reads}). */
        public Partitioning withReads(io.hayloft.filer.partition.PartitionReads r) {
            return new Partitioning(raftPort, dataCenter, rack, pulse, startWait, tuning, r);
        }
    }

    public static final int DEFAULT_CHUNK_SIZE = Math.toIntExact(FilerSettings.CHUNK_SIZE.defaultValue());
    public static final int DEFAULT_INLINE_LIMIT = Math.toIntExact(FilerSettings.INLINE_LIMIT.defaultValue());
    public static final int DEFAULT_UPLOAD_PARALLELISM = FilerSettings.UPLOAD_PARALLELISM.defaultValue();
    public static final Duration DEFAULT_DELETION_INTERVAL = FilerSettings.DELETION_INTERVAL.defaultValue();
    /** Upload intents older than this are a dead filer's orphans. */
    public static final Duration DEFAULT_STALE_INTENT_AGE = FilerSettings.ORPHAN_AGE.defaultValue();
    /** Largest chunk size: the volume servers' default file size limit is well above it. */
    public static final int MAX_CHUNK_SIZE = Math.toIntExact(FilerSettings.MAX_CHUNK_SIZE);
    /** Largest inline file: entries stay small enough to list quickly. */
    public static final int MAX_INLINE_LIMIT = Math.toIntExact(FilerSettings.MAX_INLINE_LIMIT);

    public FilerConfig {
        HayloftException.checkArgument(bindHost != null && !bindHost.isBlank(), "-ip.bind must not be empty");
        HayloftException.checkArgument(advertisedHost != null && !advertisedHost.isBlank(), "-ip must not be empty");
        FilerSettings.PORT.check(port);
        FilerSettings.DIR.check(dir);
        masters = List.copyOf(FilerSettings.MASTERS.check(masters));
        HayloftException.checkArgument(!masters.isEmpty(), "-master needs at least one master");
        collection = collection == null ? "" : collection;
        ttl = ttl == null ? Ttl.NONE : ttl;
        FilerSettings.CHUNK_SIZE.check((long) chunkSize);
        FilerSettings.INLINE_LIMIT.check((long) inlineLimit);
        FilerSettings.UPLOAD_PARALLELISM.check(uploadParallelism);
        FilerSettings.DELETION_INTERVAL.check(deletionInterval);
        store = store == null ? Store.ROCKSDB : store;
        jdbcUrl = jdbcUrl == null ? "" : jdbcUrl;
        HayloftException.checkArgument(store != Store.POSTGRES || jdbcUrl.startsWith("jdbc:postgresql:"),
                "the postgres store needs a jdbc:postgresql:// URL (-jdbcUrl)");
        partitioning = partitioning == null ? Partitioning.DEFAULT : partitioning;
        HayloftException.checkArgument(store == Store.POSTGRES || jdbcUrl.isEmpty(),
                "a JDBC URL is only used by the postgres store");
        rules = rules == null ? PathRules.none() : rules;
        HayloftException.checkArgument(clock != null, "clock is required");
        staleIntentAge = staleIntentAge == null ? DEFAULT_STALE_INTENT_AGE : staleIntentAge;
        FilerSettings.ORPHAN_AGE.check(staleIntentAge);
        security = security == null ? SecurityConfig.NONE : security;
    }

    /**
     * The defaults of {@link FilerSettings} (port 8888 on all interfaces, 8 MiB chunks, master defaults
     * for placement) with a 2 KiB inline limit, metadata in {@code dir} and the given masters.
     */
    public static FilerConfig defaults(Path dir, List<String> masters) {
        return new FilerConfig(FilerSettings.BIND_IP.defaultValue(), FilerSettings.IP.defaultValue(), DEFAULT_PORT, dir,
                masters, FilerSettings.COLLECTION.defaultValue(), FilerSettings.DEFAULT_REPLICATION.defaultValue(),
                FilerSettings.TTL.defaultValue(), DEFAULT_CHUNK_SIZE, DEFAULT_INLINE_LIMIT, DEFAULT_UPLOAD_PARALLELISM,
                DEFAULT_DELETION_INTERVAL, true, FilerSettings.STORE.defaultValue(), FilerSettings.JDBC_URL.defaultValue(),
                PathRules.none(), Clock.systemUTC(), DEFAULT_STALE_INTENT_AGE, SecurityConfig.NONE, Partitioning.DEFAULT);
    }

    /** Loopback, an ephemeral port, and a collector pass every 200 ms. */
    public static FilerConfig forTest(Path dir, String master) {
        return defaults(dir, List.of(master)).withHosts("127.0.0.1", "127.0.0.1").withPort(0)
                .withDeletionInterval(Duration.ofMillis(200));
    }

    public FilerConfig withSecurity(SecurityConfig s) {
        return with(f -> f.security = s);
    }

    public FilerConfig withHosts(String bind, String advertised) {
        return with(f -> {
            f.bindHost = bind;
            f.advertisedHost = advertised;
        });
    }

    public FilerConfig withMasters(List<String> m) {
        return with(f -> f.masters = m);
    }

    public FilerConfig withDir(Path d) {
        return with(f -> f.dir = d);
    }

    public FilerConfig withPort(int p) {
        return with(f -> f.port = p);
    }

    public FilerConfig withPlacement(String c, ReplicaPlacement r, Ttl t) {
        return with(f -> {
            f.collection = c;
            f.replication = r;
            f.ttl = t;
        });
    }

    public FilerConfig withChunking(int chunkBytes, int inlineBytes, int parallelism) {
        return with(f -> {
            f.chunkSize = chunkBytes;
            f.inlineLimit = inlineBytes;
            f.uploadParallelism = parallelism;
        });
    }

    public FilerConfig withDeletionInterval(Duration interval) {
        return with(f -> f.deletionInterval = interval);
    }

    public FilerConfig withCollectDeletions(boolean collect) {
        return with(f -> f.collectDeletions = collect);
    }

    public FilerConfig withClock(Clock c) {
        return with(f -> f.clock = c);
    }

    /** Metadata in {@code s}; {@code url} is the database of {@link Store#POSTGRES} (empty for RocksDB). */
    public FilerConfig withStore(Store s, String url) {
        return with(f -> {
            f.store = s;
            f.jdbcUrl = url;
        });
    }

    /** Path rules ({@link PathRules#load} reads them from a file). */
    public FilerConfig withRules(PathRules r) {
        return with(f -> f.rules = r);
    }

    /** Upload intents older than {@code age} are swept as a dead filer's orphans. */
    public FilerConfig withStaleIntentAge(Duration age) {
        return with(f -> f.staleIntentAge = age);
    }

    /** This filer server's part in the partitioned store (used with {@link Store#PARTITIONED}). */
    public FilerConfig withPartitioning(Partitioning p) {
        return with(f -> f.partitioning = p);
    }

    /** A copy of this config with the fields {@code change} sets: the one place that lists every field. */
    private FilerConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new FilerConfig(f.bindHost, f.advertisedHost, f.port, f.dir, f.masters, f.collection, f.replication,
                f.ttl, f.chunkSize, f.inlineLimit, f.uploadParallelism, f.deletionInterval, f.collectDeletions,
                f.store, f.jdbcUrl, f.rules, f.clock, f.staleIntentAge, f.security, f.partitioning);
    }

    /** The components as mutable fields, so that each {@code with...} method sets only its own. */
    private static final class Fields {
        String bindHost;
        String advertisedHost;
        int port;
        Path dir;
        List<String> masters;
        String collection;
        ReplicaPlacement replication;
        Ttl ttl;
        int chunkSize;
        int inlineLimit;
        int uploadParallelism;
        Duration deletionInterval;
        boolean collectDeletions;
        Store store;
        String jdbcUrl;
        PathRules rules;
        Clock clock;
        Duration staleIntentAge;
        SecurityConfig security;
        Partitioning partitioning;

        Fields(FilerConfig c) {
            bindHost = c.bindHost;
            advertisedHost = c.advertisedHost;
            port = c.port;
            dir = c.dir;
            masters = c.masters;
            collection = c.collection;
            replication = c.replication;
            ttl = c.ttl;
            chunkSize = c.chunkSize;
            inlineLimit = c.inlineLimit;
            uploadParallelism = c.uploadParallelism;
            deletionInterval = c.deletionInterval;
            collectDeletions = c.collectDeletions;
            store = c.store;
            jdbcUrl = c.jdbcUrl;
            rules = c.rules;
            clock = c.clock;
            staleIntentAge = c.staleIntentAge;
            security = c.security;
            partitioning = c.partitioning;
        }
    }

    /**
     * This filer's name in upload intents: {@code advertisedHost:port} as configured (port 0 stays 0, so
     * a test filer restarted on another ephemeral port still finds its own intents).
     */
    public String owner() {
        return advertisedHost + ":" + port;
    }
}
