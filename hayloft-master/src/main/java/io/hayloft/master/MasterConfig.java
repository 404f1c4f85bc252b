package io.hayloft.master;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.http.WhiteList;
import io.hayloft.security.SecurityConfig;
import io.hayloft.master.ec.EcPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything a master needs to start, with units. Build with {@link #defaults(Path)} and the
 * {@code with...} methods; the constructor checks every value against {@link MasterSettings}.
 *
 * @param bindHost           address the HTTP and Raft servers bind to
 * @param advertisedHost     host name other processes reach this master at ({@code host:port} forms its id)
 * @param port               HTTP port (9333; 0 picks a free one)
 * @param raftPort           Raft (gRPC) port (19333 = port + 10000 by default; 0 picks a free one)
 * @param metaDir            where the Raft log, snapshots and state live ({@code -mdir})
 * @param peers              every master's {@code host:port} (HTTP), this one included; empty = alone
 * @param defaultReplication placement used when a request names none ({@code -defaultReplication})
 * @param volumeSizeLimit    bytes at which a volume stops receiving assignments ({@code -volumeSizeLimitMB})
 * @param pulse              heartbeat period volume servers use ({@code -pulseSeconds})
 * @param deadAfterPulses    a node silent for this many pulses is removed from the topology ({@code -deadAfterPulses}, 3)
 * @param garbageThreshold   garbage ratio at which vacuum runs ({@code -garbageThreshold})
 * @param vacuumInterval     pause between two automatic vacuum passes of the leader ({@code -vacuumIntervalMinutes})
 * @param clock              time source; tests pass a fake one
 * @param whiteList          addresses allowed to assign, submit, grow, delete collections, change
 *                           membership and heartbeat ({@code -whiteList}); open by default
 * @param replicationGrace   how long a volume stays under-replicated before the leader copies a new
 *                           replica ({@code -replicationGrace}, 3 minutes)
 * @param replicationMBps    read rate of replica copies and moves, MiB/s, 0 for unthrottled
 *                           ({@code -replicationMBps}, 64)
 * @param replicationConcurrency replica copies the leader runs at once ({@code -replicationConcurrency}, 2)
 * @param ecPolicy           when the leader erasure-codes volumes by itself ({@code -ec.fullPercent},
 *                           {@code -ec.quietFor}, {@code -ec.collections}); off by default
 * @param fullReportsPerSecond heartbeat full reports this master applies per second, the others
 *                           deferred ({@code -fullReportsPerSecond}, 200; 0 for no limit)
 * @param security           {@code security.toml}: write tokens signed on assign, the internal token asked of
 *                           other roles and sent to them, TLS; {@link SecurityConfig#NONE} by default
 * @param filerPartitions    partitions of the filer's metadata placed when the first filer servers in
 *                           partitioned mode register ({@code -filer.partitions}, 8); fixed after that
 * @param filerReplicas      replicas of each filer partition, on distinct filer servers ({@code -filer.replicas}, 3);
 *                           a filer server silent longer than {@code replicationGrace} has its replicas
 *                           re-created elsewhere
 */
public record MasterConfig(String bindHost, String advertisedHost, int port, int raftPort, Path metaDir,
                           List<String> peers, ReplicaPlacement defaultReplication, long volumeSizeLimit,
                           Duration pulse, int deadAfterPulses, double garbageThreshold, Duration vacuumInterval,
                           Clock clock, WhiteList whiteList, Duration replicationGrace, int replicationMBps,
                           int replicationConcurrency, EcPolicy ecPolicy, int fullReportsPerSecond,
                           SecurityConfig security, int filerPartitions, int filerReplicas) {
    public static final int DEFAULT_PORT = MasterSettings.PORT.defaultValue();
    /** SeaweedFS's default: one vacuum pass every 15 minutes. */
    public static final Duration DEFAULT_VACUUM_INTERVAL = MasterSettings.VACUUM_INTERVAL.defaultValue();
    public static final long DEFAULT_VOLUME_SIZE_LIMIT = MasterSettings.VOLUME_SIZE_LIMIT.defaultValue();
    /** How long a volume may lack a replica before a new one is copied (SeaweedFS-like patience for restarts). */
    public static final Duration DEFAULT_REPLICATION_GRACE = MasterSettings.REPLICATION_GRACE.defaultValue();
    public static final int DEFAULT_REPLICATION_MBPS = MasterSettings.REPLICATION_MBPS.defaultValue();
    public static final int DEFAULT_REPLICATION_CONCURRENCY = MasterSettings.REPLICATION_CONCURRENCY.defaultValue();
    /** Most replica copies a leader may run at once. */
    public static final int MAX_REPLICATION_CONCURRENCY = MasterSettings.MAX_REPLICATION_CONCURRENCY;
    /** Volumes address needles by 8-byte units in a u32: nothing can be larger. */
    public static final long MAX_VOLUME_SIZE = MasterSettings.MAX_VOLUME_SIZE;

    /**
     * Checks every value against its setting in {@link MasterSettings} (the message names the flag and
     * its range) and the values no flag sets (the clock).
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the bad setting
     */
    public MasterConfig {
        HayloftException.checkArgument(bindHost != null && !bindHost.isBlank(), "-ip.bind must not be empty");
        HayloftException.checkArgument(advertisedHost != null && !advertisedHost.isBlank(), "-ip must not be empty");
        MasterSettings.PORT.check(port);
        MasterSettings.RAFT_PORT.check(raftPort);
        MasterSettings.META_DIR.check(metaDir);
        peers = List.copyOf(MasterSettings.PEERS.check(peers));
        MasterSettings.DEFAULT_REPLICATION.check(defaultReplication);
        MasterSettings.VOLUME_SIZE_LIMIT.check(volumeSizeLimit);
        MasterSettings.PULSE.check(pulse);
        MasterSettings.DEAD_AFTER_PULSES.check(deadAfterPulses);
        MasterSettings.GARBAGE_THRESHOLD.check(garbageThreshold);
        MasterSettings.VACUUM_INTERVAL.check(vacuumInterval);
        HayloftException.checkArgument(clock != null, "clock is required");
        HayloftException.checkArgument(whiteList != null, "whiteList is required (WhiteList.OPEN for anyone)");
        MasterSettings.REPLICATION_GRACE.check(replicationGrace);
        MasterSettings.REPLICATION_MBPS.check(replicationMBps);
        MasterSettings.REPLICATION_CONCURRENCY.check(replicationConcurrency);
        HayloftException.checkArgument(ecPolicy != null, "ecPolicy is required (EcPolicy.OFF for none)");
        MasterSettings.EC_FULL_PERCENT.check(ecPolicy.fullPercent());
        MasterSettings.EC_QUIET_FOR.check(ecPolicy.quietFor());
        MasterSettings.EC_COLLECTIONS.check(ecPolicy.collections());
        MasterSettings.FULL_REPORTS_PER_SECOND.check(fullReportsPerSecond);
        HayloftException.checkArgument(security != null, "security is required (SecurityConfig.NONE for none)");
        MasterSettings.FILER_PARTITIONS.check(filerPartitions);
        MasterSettings.FILER_REPLICAS.check(filerReplicas);
    }

    /**
     * The defaults of {@link MasterSettings} (as SeaweedFS has them: port 9333, raft 19333, replication 000,
     * 30000 MiB volumes, 5 s pulse) with the metadata in {@code metaDir}.
     */
    public static MasterConfig defaults(Path metaDir) {
        return new MasterConfig(MasterSettings.BIND_IP.defaultValue(), MasterSettings.IP.defaultValue(), DEFAULT_PORT,
                MasterSettings.raftPortFor(DEFAULT_PORT), metaDir, MasterSettings.PEERS.defaultValue(),
                MasterSettings.DEFAULT_REPLICATION.defaultValue(), DEFAULT_VOLUME_SIZE_LIMIT,
                MasterSettings.PULSE.defaultValue(), MasterSettings.DEAD_AFTER_PULSES.defaultValue(), MasterSettings.GARBAGE_THRESHOLD.defaultValue(),
                DEFAULT_VACUUM_INTERVAL, Clock.systemUTC(), WhiteList.parse(MasterSettings.WHITE_LIST.defaultValue()),
                DEFAULT_REPLICATION_GRACE, DEFAULT_REPLICATION_MBPS, DEFAULT_REPLICATION_CONCURRENCY,
                new EcPolicy(MasterSettings.EC_FULL_PERCENT.defaultValue(), MasterSettings.EC_QUIET_FOR.defaultValue(),
                        MasterSettings.EC_COLLECTIONS.defaultValue()),
                MasterSettings.FULL_REPORTS_PER_SECOND.defaultValue(), SecurityConfig.NONE,
                MasterSettings.FILER_PARTITIONS.defaultValue(), MasterSettings.FILER_REPLICAS.defaultValue());
    }

    /** Loopback, ephemeral ports, short pulse: for tests. */
    public static MasterConfig forTest(Path metaDir) {
        return defaults(metaDir).withHosts("127.0.0.1", "127.0.0.1").withPorts(0, 0)
                .withPulse(Duration.ofMillis(300));
    }

    public MasterConfig withHosts(String bind, String advertised) {
        return with(c -> {
            c.bindHost = bind;
            c.advertisedHost = advertised;
        });
    }

    public MasterConfig withPorts(int httpPort, int raft) {
        return with(c -> {
            c.port = httpPort;
            c.raftPort = raft;
        });
    }

    public MasterConfig withMetaDir(Path dir) {
        return with(c -> c.metaDir = dir);
    }

    public MasterConfig withPeers(List<String> p) {
        return with(c -> c.peers = p);
    }

    public MasterConfig withDefaultReplication(ReplicaPlacement r) {
        return with(c -> c.defaultReplication = r);
    }

    public MasterConfig withVolumeSizeLimit(long bytes) {
        return with(c -> c.volumeSizeLimit = bytes);
    }

    public MasterConfig withPulse(Duration d) {
        return with(c -> c.pulse = d);
    }

    /** A volume server silent for {@code pulses} heartbeat periods is dropped from the topology. */
    public MasterConfig withDeadAfterPulses(int pulses) {
        return with(c -> c.deadAfterPulses = pulses);
    }

    public MasterConfig withGarbageThreshold(double t) {
        return with(c -> c.garbageThreshold = t);
    }

    public MasterConfig withVacuumInterval(Duration d) {
        return with(c -> c.vacuumInterval = d);
    }

    public MasterConfig withWhiteList(WhiteList w) {
        return with(c -> c.whiteList = w);
    }

    public MasterConfig withClock(Clock clk) {
        return with(c -> c.clock = clk);
    }

    public MasterConfig withReplicationGrace(Duration d) {
        return with(c -> c.replicationGrace = d);
    }

    public MasterConfig withReplicationMBps(int mbps) {
        return with(c -> c.replicationMBps = mbps);
    }

    public MasterConfig withReplicationConcurrency(int n) {
        return with(c -> c.replicationConcurrency = n);
    }

    public MasterConfig withSecurity(SecurityConfig s) {
        return with(c -> c.security = s);
    }

    public MasterConfig withEcPolicy(EcPolicy p) {
        return with(c -> c.ecPolicy = p);
    }

    /** At most {@code n} heartbeat full reports applied per second, the others deferred; 0 for no limit. */
    public MasterConfig withFullReportsPerSecond(int n) {
        return with(c -> c.fullReportsPerSecond = n);
    }

    /** {@code partitions} filer partitions of {@code replicas} replicas each, placed when filer servers register. */
    public MasterConfig withFilerPartitions(int partitions, int replicas) {
        return with(c -> {
            c.filerPartitions = partitions;
            c.filerReplicas = replicas;
        });
    }

    /** A copy of this config with the fields {@code change} sets: the one place that lists every field. */
    private MasterConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new MasterConfig(f.bindHost, f.advertisedHost, f.port, f.raftPort, f.metaDir, f.peers,
                f.defaultReplication, f.volumeSizeLimit, f.pulse, f.deadAfterPulses, f.garbageThreshold,
                f.vacuumInterval, f.clock, f.whiteList, f.replicationGrace, f.replicationMBps,
                f.replicationConcurrency, f.ecPolicy, f.fullReportsPerSecond, f.security, f.filerPartitions,
                f.filerReplicas);
    }

    /** The components as assignable slots, for {@link #with}. */
    private static final class Fields {
        String bindHost;
        String advertisedHost;
        int port;
        int raftPort;
        Path metaDir;
        List<String> peers;
        ReplicaPlacement defaultReplication;
        long volumeSizeLimit;
        Duration pulse;
        int deadAfterPulses;
        double garbageThreshold;
        Duration vacuumInterval;
        Clock clock;
        WhiteList whiteList;
        Duration replicationGrace;
        int replicationMBps;
        int replicationConcurrency;
        EcPolicy ecPolicy;
        int fullReportsPerSecond;
        SecurityConfig security;
        int filerPartitions;
        int filerReplicas;

        Fields(MasterConfig c) {
            bindHost = c.bindHost;
            advertisedHost = c.advertisedHost;
            port = c.port;
            raftPort = c.raftPort;
            metaDir = c.metaDir;
            peers = c.peers;
            defaultReplication = c.defaultReplication;
            volumeSizeLimit = c.volumeSizeLimit;
            pulse = c.pulse;
            deadAfterPulses = c.deadAfterPulses;
            garbageThreshold = c.garbageThreshold;
            vacuumInterval = c.vacuumInterval;
            clock = c.clock;
            whiteList = c.whiteList;
            replicationGrace = c.replicationGrace;
            replicationMBps = c.replicationMBps;
            replicationConcurrency = c.replicationConcurrency;
            ecPolicy = c.ecPolicy;
            fullReportsPerSecond = c.fullReportsPerSecond;
            security = c.security;
            filerPartitions = c.filerPartitions;
            filerReplicas = c.filerReplicas;
        }
    }

    /**
     * How long a volume server may stay silent before it is dropped: {@code deadAfterPulses} pulses,
     * but never less than the longest gap a live server can leave between two beats (it waits up to
     * {@link Heartbeat#answerWait} for the answer to one beat, then a pulse) plus a pulse for the
     * master to handle the beat. With the 5 s default pulse that is the same 15 s; with a short
     * test pulse a server whose beat is slow to answer on a loaded machine is not dropped while it
     * is still waiting for that answer.
     */
    public Duration deadNodeTimeout() {
        Duration byPulses = pulse.multipliedBy(deadAfterPulses);
        Duration liveGap = Heartbeat.answerWait(pulse).plus(pulse.multipliedBy(2));
        return byPulses.compareTo(liveGap) < 0 ? liveGap : byPulses;
    }

    /**
     * Returns this config: its constructor already checked every range (with the message naming the
     * flag), so a config that exists is valid. Kept so that start-up code can say where it relies on it.
     */
    public MasterConfig validate() {
        return this;
    }
}
