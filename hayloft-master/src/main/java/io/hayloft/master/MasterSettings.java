package io.hayloft.master;

import static io.hayloft.api.settings.Kinds.GIB;
import static io.hayloft.api.settings.Kinds.MIB;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.settings.Kind;
import io.hayloft.api.settings.Kinds;
import io.hayloft.api.settings.Setting;
import io.hayloft.api.settings.SettingsTable;
import io.hayloft.http.WhiteList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of {@code hayloft master}, in one table: name (flag and TOML key), kind (unit and
 * range), default and description. {@code hayloft-cli} builds the options, {@code --help}, the TOML
 * defaults and the settings reference from it; {@link MasterConfig}'s constructor checks its values
 * with these settings.
 */
public final class MasterSettings {
    /** SeaweedFS puts the gRPC (here: Raft) port at HTTP port + 10000. */
    public static final int RAFT_PORT_OFFSET = 10000;
    /** Volumes address needles by 8-byte units in a u32: nothing can be larger. */
    public static final long MAX_VOLUME_SIZE = 32 * GIB;
    /** Most replica copies a leader may run at once. */
    public static final int MAX_REPLICATION_CONCURRENCY = 64;

    private static final Kind<Duration> PULSE_KIND = Kinds.duration(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofHours(1));

    public static final Setting<MasterConfig, Path> META_DIR = Setting.of("mdir", Kinds.path(),
            Path.of("hayloft-data", "master"), "Where the Raft log, snapshots and state live.",
            MasterConfig::withMetaDir);
    public static final Setting<MasterConfig, Integer> PORT = Setting.of("port", Kinds.port(), 9333,
            "HTTP port.", (c, p) -> c.withPorts(p, c.raftPort()));
    public static final Setting<MasterConfig, Integer> RAFT_PORT = Setting.derived("port.raft", Kinds.port(),
            "HTTP port + " + RAFT_PORT_OFFSET, "Raft (gRPC) port.",
            (c, p) -> c.withPorts(c.port(), p != null ? p : raftPortFor(c.port())));
    public static final Setting<MasterConfig, String> IP = Setting.of("ip", Kinds.text("HOST"), "localhost",
            "Host name other servers and clients reach this master at.",
            (c, h) -> c.withHosts(c.bindHost(), h));
    public static final Setting<MasterConfig, String> BIND_IP = Setting.of("ip.bind", Kinds.text("ADDR"), "0.0.0.0",
            "Address to listen on (0.0.0.0: all interfaces).", (c, h) -> c.withHosts(h, c.advertisedHost()));
    public static final Setting<MasterConfig, List<String>> PEERS = Setting.of("peers",
            Kinds.listOf(Kinds.text("HOST:PORT")), List.of(),
            "Founding a group: every master's HTTP address, this one included (1, 3 or 5), the same list on"
                    + " each (raft port = HTTP port + 10000). Joining a running group: running masters only, not"
                    + " this one (e.g. -peers localhost:9333); it asks them to add it. None: run alone.",
            MasterConfig::withPeers);
    public static final Setting<MasterConfig, ReplicaPlacement> DEFAULT_REPLICATION = Setting.of(
            "defaultReplication", Kinds.placement(), ReplicaPlacement.NONE,
            "Replica placement when a request names none.", MasterConfig::withDefaultReplication);
    public static final Setting<MasterConfig, Long> VOLUME_SIZE_LIMIT = Setting.of("volumeSizeLimitMB",
            Kinds.bytes(MIB, MIB, MAX_VOLUME_SIZE), 30_000 * MIB,
            "A volume stops taking writes at this size.", MasterConfig::withVolumeSizeLimit);
    public static final Setting<MasterConfig, List<String>> WHITE_LIST = Setting.of("whiteList",
            Kinds.listOf(Kinds.text("IP|CIDR")), List.of(),
            "Only these IPs / CIDR blocks (IPv4, IPv6) may assign, submit, grow, delete collections, change"
                    + " membership and heartbeat; list every master and volume server of the cluster too."
                    + " Reads stay open. None: anyone.",
            (c, w) -> c.withWhiteList(whiteList(w)));
    public static final Setting<MasterConfig, Duration> PULSE = Setting.of("pulseSeconds", PULSE_KIND,
            Duration.ofSeconds(5), "Heartbeat period of volume servers.",
            MasterConfig::withPulse);
    public static final Setting<MasterConfig, Integer> DEAD_AFTER_PULSES = Setting.of("deadAfterPulses",
            Kinds.count(2, 1000), 3, "A volume server silent for this many heartbeat periods is dropped from the"
                    + " topology (its volumes are no longer assigned or looked up there).",
            MasterConfig::withDeadAfterPulses);
    public static final Setting<MasterConfig, Integer> FULL_REPORTS_PER_SECOND = Setting.of("fullReportsPerSecond",
            Kinds.count(0, 1_000_000), 200, "Heartbeat full reports (every volume of a server) this master applies"
                    + " per second; servers beyond it are told to send theirs again a little later, so thousands of"
                    + " servers starting at once do not overwhelm it. 0: no limit.",
            MasterConfig::withFullReportsPerSecond);
    public static final Setting<MasterConfig, Double> GARBAGE_THRESHOLD = Setting.of("garbageThreshold",
            Kinds.ratio(0.001, 0.999), 0.3, "Vacuum volumes with more garbage than this.",
            MasterConfig::withGarbageThreshold);
    public static final Setting<MasterConfig, Duration> VACUUM_INTERVAL = Setting.of("vacuumIntervalMinutes",
            Kinds.duration(Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofDays(30)), Duration.ofMinutes(15),
            "Pause between two automatic vacuum passes of the leader.", MasterConfig::withVacuumInterval);
    public static final Setting<MasterConfig, Duration> REPLICATION_GRACE = Setting.of("replicationGrace",
            Kinds.duration(null, Duration.ZERO, Duration.ofDays(30)), Duration.ofMinutes(3),
            "How long a volume may lack a replica (a server down) before the leader copies a new one.",
            MasterConfig::withReplicationGrace);
    public static final Setting<MasterConfig, Integer> REPLICATION_MBPS = Setting.of("replicationMBps",
            Kinds.count(0, 1 << 20), 64, "Read rate of replica copies and moves, MiB/s (0: unthrottled).",
            MasterConfig::withReplicationMBps);
    public static final Setting<MasterConfig, Integer> REPLICATION_CONCURRENCY = Setting.of("replicationConcurrency",
            Kinds.count(1, MAX_REPLICATION_CONCURRENCY), 2,
            "Replica copies the leader runs at once (at most one per target server).",
            MasterConfig::withReplicationConcurrency);

    public static final Setting<MasterConfig, Integer> EC_FULL_PERCENT = Setting.of("ec.fullPercent",
            Kinds.count(0, 100), 0,
            "Erasure-code (RS 10+4) a volume by itself once it is this full, in percent of -volumeSizeLimitMB, and"
                    + " quiet for -ec.quietFor; its replicas are deleted once the shards are registered. 0: never"
                    + " by itself (hayloft shell ec.encode still does).",
            (c, p) -> c.withEcPolicy(c.ecPolicy().withFullPercent(p)));
    public static final Setting<MasterConfig, Duration> EC_QUIET_FOR = Setting.of("ec.quietFor",
            Kinds.duration(null, Duration.ZERO, Duration.ofDays(3650)), Duration.ofHours(1),
            "How long a volume must have taken no write before it is erasure-coded by itself.",
            (c, d) -> c.withEcPolicy(c.ecPolicy().withQuietFor(d)));
    public static final Setting<MasterConfig, List<String>> EC_COLLECTIONS = Setting.of("ec.collections",
            Kinds.listOf(Kinds.text("COLLECTION")), List.of(),
            "Only volumes of these collections are erasure-coded by themselves. None: every collection.",
            (c, l) -> c.withEcPolicy(c.ecPolicy().withCollections(l)));

    public static final Setting<MasterConfig, Integer> FILER_PARTITIONS = Setting.of("filer.partitions",
            Kinds.count(1, 4096), 8,
            "Partitions of the filer's metadata (filers started with -store partitioned), placed when enough filer"
                    + " servers registered; fixed after that.",
            (c, n) -> c.withFilerPartitions(n, c.filerReplicas()));
    public static final Setting<MasterConfig, Integer> FILER_REPLICAS = Setting.of("filer.replicas",
            Kinds.count(1, 7), 3,
            "Replicas of each filer partition, on distinct filer servers (distinct racks where there are);"
                    + " a filer server silent longer than -replicationGrace has its replicas re-created elsewhere.",
            (c, n) -> c.withFilerPartitions(c.filerPartitions(), n));

    /** The master's settings, in {@code --help} order. */
    public static final SettingsTable<MasterConfig> TABLE = new SettingsTable<>("master", List.of(META_DIR, PORT,
            RAFT_PORT, IP, BIND_IP, PEERS, DEFAULT_REPLICATION, VOLUME_SIZE_LIMIT, WHITE_LIST, PULSE, DEAD_AFTER_PULSES,
            FULL_REPORTS_PER_SECOND, GARBAGE_THRESHOLD, VACUUM_INTERVAL, REPLICATION_GRACE, REPLICATION_MBPS, REPLICATION_CONCURRENCY,
            EC_FULL_PERCENT, EC_QUIET_FOR, EC_COLLECTIONS, FILER_PARTITIONS, FILER_REPLICAS));

    private MasterSettings() {
    }

    /**
     * The white list of {@code -whiteList} entries.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming {@code -whiteList} and the bad entry
     */
    public static WhiteList whiteList(List<String> entries) {
        try {
            return WhiteList.parse(entries);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("-whiteList: " + e.getMessage());
        }
    }

    /**
     * The default Raft port for HTTP port {@code port}: {@code port + 10000}, or 0 (any) when {@code port} is 0.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming {@code -port.raft} when that is above 65535
     */
    public static int raftPortFor(int port) {
        if (port == 0) {
            return 0;
        }
        HayloftException.checkArgument(port + RAFT_PORT_OFFSET <= 65535,
                "the Raft port defaults to HTTP port + " + RAFT_PORT_OFFSET + ", above 65535 for " + port
                        + ": set -port.raft");
        return port + RAFT_PORT_OFFSET;
    }
}
