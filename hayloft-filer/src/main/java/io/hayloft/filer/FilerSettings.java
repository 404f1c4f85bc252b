package io.hayloft.filer;

import static io.hayloft.api.settings.Kinds.KIB;
import static io.hayloft.api.settings.Kinds.MIB;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.settings.Kinds;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.filer.rules.PathRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of {@code hayloft filer}, in one table: name (flag and TOML key), kind (unit and
 * range), default and description. {@code hayloft-cli} builds the options, {@code --help}, the TOML
 * defaults and the settings reference from it; {@link FilerConfig}'s constructor checks its values
 * with these settings.
 */
public final class FilerSettings {
    /** Largest chunk size: the volume servers' default file size limit is well above it. */
    public static final long MAX_CHUNK_SIZE = 256 * MIB;
    /** Largest inline file: entries stay small enough to list quickly. */
    public static final long MAX_INLINE_LIMIT = 64 * KIB;
    /** Most chunk uploads in flight per file. */
    public static final int MAX_UPLOAD_PARALLELISM = 64;

    public static final Setting<FilerConfig, List<String>> MASTERS = Setting.of("master",
            Kinds.listOf(Kinds.text("HOST:PORT")), List.of("localhost:9333"), "Master address(es), comma separated.",
            FilerConfig::withMasters);
    public static final Setting<FilerConfig, Integer> PORT = Setting.of("port", Kinds.port(), 8888, "HTTP port.",
            FilerConfig::withPort);
    public static final Setting<FilerConfig, Path> DIR = Setting.of("dir", Kinds.path(), Path.of("hayloft-data", "filer"),
            "Where the embedded metadata store (RocksDB) lives.", FilerConfig::withDir);
    public static final Setting<FilerConfig, String> IP = Setting.of("ip", Kinds.text("HOST"), "localhost",
            "Host name clients reach this filer at.", (c, h) -> c.withHosts(c.bindHost(), h));
    public static final Setting<FilerConfig, String> BIND_IP = Setting.of("ip.bind", Kinds.text("ADDR"), "0.0.0.0",
            "Address to listen on (0.0.0.0: all interfaces).", (c, h) -> c.withHosts(h, c.advertisedHost()));
    public static final Setting<FilerConfig, ReplicaPlacement> DEFAULT_REPLICATION = Setting.derived(
            "defaultReplication", Kinds.placement(), "the master's", "Replica placement of chunks when a request names none.",
            (c, r) -> c.withPlacement(c.collection(), r, c.ttl()));
    public static final Setting<FilerConfig, String> COLLECTION = Setting.of("collection", Kinds.text("NAME"), "",
            "Collection of chunks when a request names none (none: the default collection).",
            (c, col) -> c.withPlacement(col, c.replication(), c.ttl()));
    public static final Setting<FilerConfig, Ttl> TTL = Setting.of("ttl", Kinds.ttl(), Ttl.NONE,
            "TTL of files when a request names none.", (c, t) -> c.withPlacement(c.collection(), c.replication(), t));
    public static final Setting<FilerConfig, Long> CHUNK_SIZE = Setting.of("maxMB",
            Kinds.bytes(MIB, 1, MAX_CHUNK_SIZE), 8 * MIB, "Chunk size of large files.",
            (c, size) -> c.withChunking(Math.toIntExact(size), c.inlineLimit(), c.uploadParallelism()));
    public static final Setting<FilerConfig, Long> INLINE_LIMIT = Setting.of("inlineLimit",
            Kinds.bytes(1, 0, MAX_INLINE_LIMIT), 2 * KIB,
            "Files of at most this size are kept inside their entry, with no chunk on a volume server (0: none).",
            (c, size) -> c.withChunking(c.chunkSize(), Math.toIntExact(size), c.uploadParallelism()));
    public static final Setting<FilerConfig, Integer> UPLOAD_PARALLELISM = Setting.of("uploadParallelism",
            Kinds.count(1, MAX_UPLOAD_PARALLELISM), 2,
            "Chunk uploads in flight per file; a write buffers about this many chunks plus one.",
            (c, n) -> c.withChunking(c.chunkSize(), c.inlineLimit(), n));
    public static final Setting<FilerConfig, String> JDBC_URL = Setting.of("jdbcUrl", Kinds.text("URL"), "",
            "Database of -store postgres, e.g. jdbc:postgresql://db:5432/hayloft?user=filer.",
            (c, url) -> url.isEmpty() ? c : c.withStore(FilerConfig.Store.POSTGRES, url));
    public static final Setting<FilerConfig, FilerConfig.Store> STORE = Setting.of("store",
            Kinds.oneOf(FilerConfig.Store.class), FilerConfig.Store.ROCKSDB,
            "Metadata store: rocksdb (embedded, in -dir), postgres (-jdbcUrl; filers may share it) or"
                    + " partitioned (Raft partitions the master places over the filer servers; replicas in -dir).",
            (c, s) -> c.withStore(s, c.jdbcUrl()));
    public static final Setting<FilerConfig, Duration> ORPHAN_AGE = Setting.of("orphanAgeMinutes",
            Kinds.duration(Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofDays(365)), Duration.ofHours(1),
            "Chunks of uploads that have not committed after this long, by any filer sharing the store, are"
                    + " orphans of a filer that died: they are queued for deletion.",
            FilerConfig::withStaleIntentAge);
    public static final Setting<FilerConfig, Duration> DELETION_INTERVAL = Setting.of("deletionInterval",
            Kinds.duration(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)), Duration.ofSeconds(10),
            "Pause between two passes of the deletion collector, which deletes the chunks of deleted and"
                    + " overwritten files on the volume servers.",
            FilerConfig::withDeletionInterval);
    public static final Setting<FilerConfig, Path> RULES = Setting.derived("config", Kinds.path("FILE"), "no rules",
            "Path rules (JSON): per path prefix, the collection, replication, ttl and maxMB of files written there"
                    + " when a request names none; the longest prefix wins."
                    + " E.g. {\"rules\":[{\"prefix\":\"/pictures/\",\"collection\":\"pictures\"}]}",
            (c, file) -> c.withRules(file == null ? PathRules.none() : PathRules.load(file)));

    public static final Setting<FilerConfig, Integer> RAFT_PORT = Setting.derived("port.raft", Kinds.port(),
            "HTTP port + 10000", "Raft (gRPC) port of the partition replicas (-store partitioned).",
            (c, p) -> c.withPartitioning(c.partitioning().withRaftPort(p == null ? -1 : p)));
    public static final Setting<FilerConfig, String> DATA_CENTER = Setting.of("dataCenter", Kinds.text("NAME"), "",
            "Data center of this filer server, for partition placement (-store partitioned).",
            (c, dc) -> c.withPartitioning(c.partitioning().withRack(dc, c.partitioning().rack())));
    public static final Setting<FilerConfig, String> RACK = Setting.of("rack", Kinds.text("NAME"), "",
            "Rack of this filer server: the master puts a partition's replicas on distinct racks where it can"
                    + " (-store partitioned).",
            (c, r) -> c.withPartitioning(c.partitioning().withRack(c.partitioning().dataCenter(), r)));
    public static final Setting<FilerConfig, Duration> PULSE = Setting.of("pulseSeconds",
            Kinds.duration(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)), Duration.ofSeconds(5),
            "Heartbeat period to the master (-store partitioned): the partition replicas this server hosts, their"
                    + " leaders and sizes.",
            (c, d) -> c.withPartitioning(c.partitioning().withPulse(d)));

    public static final Setting<FilerConfig, io.hayloft.filer.partition.PartitionReads> PARTITION_READS = Setting.of(
            "partition.reads", Kinds.oneOf(io.hayloft.filer.partition.PartitionReads.class),
            io.hayloft.filer.partition.PartitionReads.LINEARIZABLE,
            "How reads are answered (-store partitioned): linearizable (by each partition's leader after a"
                    + " ReadIndex round: every acknowledged write is seen) or follower (partitions with a replica on"
                    + " this filer server are read from it without a Raft round: faster, but may miss the latest"
                    + " writes).",
            (c, r) -> c.withPartitioning(c.partitioning().withReads(r)));

    /** The filer's settings, in {@code --help} order ({@code -jdbcUrl} before {@code -store}, which checks it). */
    public static final SettingsTable<FilerConfig> TABLE = new SettingsTable<>("filer", List.of(MASTERS, PORT, DIR,
            IP, BIND_IP, DEFAULT_REPLICATION, COLLECTION, TTL, CHUNK_SIZE, INLINE_LIMIT, UPLOAD_PARALLELISM, JDBC_URL,
            STORE, RAFT_PORT, DATA_CENTER, RACK, PULSE, PARTITION_READS, ORPHAN_AGE, DELETION_INTERVAL, RULES));

    private FilerSettings() {
    }
}
