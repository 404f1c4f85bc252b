package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.Endpoint;
import io.hayloft.api.wire.FilerHeartbeat;
import io.hayloft.api.wire.FilerHeartbeatResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.PartitionReport;
import io.hayloft.api.wire.PartitionTable;
import io.hayloft.client.MasterClient;
import io.hayloft.http.Json;
import io.hayloft.security.ReloadingTlsManagers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filer server's membership in the partitioned store, as seed 002's partition servers do it: it
 * gets a node id from the master (kept in {@code node.id}), starts its Raft server (recovering the
 * replicas in its directory), heartbeats to the leader master every pulse (each replica's leader, term,
 * applied index and size), and follows the partition table each answer carries: it opens the replicas
 * the table gives it, in parallel; one the table gives it that it does not have although the partition
 * has run (its storage was wiped) rejoins through a membership change; and it drops the replicas moved
 * away. {@link #store} is the {@link PartitionedFilerStore} routed by the table.
 *
 * <pre>
 *   start: node id (file, else POST /internal/node/id) ─► PartitionServer (recover) ─► heartbeat loop
 *   beat:  FilerHeartbeat ─► master ─► table ─► host / rejoin / drop replicas ─► store.reroute
 * </pre>
 *
 * <p>Thread-safe. The heartbeat loop runs on its own thread; {@link #store} blocks until the master
 * placed the partitions and this server's replicas are open.
 */
public final class PartitionMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionMember.class);
    /** How long a call to a partition waits for its leader before UNAVAILABLE (503). */
    static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    /**
     * What a member needs.
     *
     * @param dir            its directory: {@code node.id} and {@code partitions/} (the Raft storage)
     * @param bindHost       the interface the Raft server binds
     * @param advertisedHost the host other filer servers and the master reach it at
     * @param raftPort       its Raft port; 0 picks a free one
     * @param dataCenter     for placement
     * @param rack           for placement
     * @param pulse          heartbeat period
     * @param tuning         Raft tuning of the replicas
     * @param clock          stamps the store's commands
     * @param startWait      how long the start asks the masters for a node id while none answers
     * @param reads          how the store's reads are answered ({@link PartitionReads})
     */
    public record Settings(Path dir, String bindHost, String advertisedHost, int raftPort, String dataCenter,
                           String rack, Duration pulse, PartitionServer.Tuning tuning, Clock clock,
                           Duration startWait, PartitionReads reads) {
    }

    private final Settings settings;
    private final long nodeId;
    private final String raftAddress;
    private final PartitionServer server;
    private final MasterClient masters;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<PartitionedFilerStore> store = new CompletableFuture<>();
    private final Set<RaftGroupId> rejoining = ConcurrentHashMap.newKeySet();
    /** Replicas being dropped, each on a thread of its own (a Ratis group removal can wait for long). */
    private final Set<RaftGroupId> dropping = ConcurrentHashMap.newKeySet();
    /** Replicas whose rejoin has not succeeded yet. */
    private final Set<RaftGroupId> unjoined = ConcurrentHashMap.newKeySet();
    /**
     * Pulses a replica moved away stays before this server drops it by itself (the master usually drops
     * it first): until then clients that still knew it as the leader are told where the leader is now,
     * instead of "group not found", which Ratis clients do not retry.
     */
    static final int DROP_AFTER_PULSES = 6;
    /**
     * How long a replica the table has not named for this server yet is kept while a move may be adding
     * it (the master names it once the move's configuration change is committed): longer than the two
     * steps of a move the master waits for, 2 minutes each.
     */
    static final Duration ADDED_REPLICA_GRACE = Duration.ofMinutes(5);
    /** Which unnamed replicas to drop, and when; touched only under this member's lock. */
    private final UnassignedReplicas unassigned;
    /** The replicas found in the directory at start: those the first table does not name are dropped. */
    private final Set<RaftGroupId> recovered;
    private volatile String httpAddress = "";
    private volatile long appliedVersion = -1;
    private boolean firstTable = true;

    private PartitionMember(Settings settings, long nodeId, String raftAddress, PartitionServer server,
                           MasterClient masters) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.raftAddress = raftAddress;
        this.server = server;
        this.masters = masters;
        this.recovered = Set.copyOf(server.groupIds());
        this.unassigned = new UnassignedReplicas(settings.pulse().multipliedBy(DROP_AFTER_PULSES), ADDED_REPLICA_GRACE,
                System::nanoTime);
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("hayloft-filer-heartbeat-" + nodeId).factory());
    }

    /**
     * Gets (or reads back) this server's node id, starts its Raft server and the heartbeat loop.
     * Returns without waiting for the master to place partitions ({@link #store} waits).
     *
     * @param masters the client of the master group (not closed by this member)
     * @throws HayloftException UNAVAILABLE when no master hands out a node id within {@code settings.startWait()}
     * @throws IllegalStateException when the Raft server cannot start
     */
    public static PartitionMember start(Settings settings, MasterClient masters) {
        return start(settings, masters, Optional.empty());
    }

    /**
     * {@link #start(Settings, MasterClient)} with the partitions' Raft (this server's replicas and the store's
     * clients) over TLS when {@code tls} is present: every filer server of the cluster must use the same CA.
     *
     * @throws HayloftException UNAVAILABLE when no master hands out a node id within {@code settings.startWait()}
     * @throws IllegalStateException when the Raft server cannot start
     */
    public static PartitionMember start(Settings settings, MasterClient masters, Optional<ReloadingTlsManagers> tls) {
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.dir(), e);
        }
        int port = settings.raftPort() != 0 ? settings.raftPort() : freePort(settings.bindHost());
        String raftAddress = settings.advertisedHost() + ":" + port;
        long nodeId = NodeIdFile.read(settings.dir()).orElseGet(() -> {
            long id = askNodeId(masters, raftAddress, settings);
            NodeIdFile.write(settings.dir(), id);
            return id;
        });
        PartitionServer server = PartitionServer.start(Long.toString(nodeId), settings.bindHost(), port,
                settings.dir().resolve("partitions"), settings.tuning(), tls);
        PartitionMember member = new PartitionMember(settings, nodeId, raftAddress, server, masters);
        LOG.info("filer server {} (raft {}) recovered {} partition replicas; heartbeating to {}", nodeId, raftAddress,
                server.groupIds().size(), masters.masters());
        member.loop.scheduleWithFixedDelay(member::beatQuietly, 0, settings.pulse().toMillis(), TimeUnit.MILLISECONDS);
        return member;
    }

    /** A node id from the masters, asking again every pulse while none answers, up to {@code startWait}. */
    private static long askNodeId(MasterClient masters, String raftAddress, Settings settings) {
        long deadline = System.nanoTime() + settings.startWait().toNanos();
        while (true) {
            try {
                return masters.nodeId(raftAddress);
            } catch (HayloftException e) {
                if (e.code() != io.hayloft.api.ErrorCode.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("no master hands out a node id yet ({}); asking again", e.getMessage());
                try {
                    Thread.sleep(settings.pulse());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** This server's node id from the master. */
    public long nodeId() {
        return nodeId;
    }

    /** This server's Raft server. */
    public PartitionServer server() {
        return server;
    }

    /** Tells the master where this server's HTTP API listens (from the next beat on). */
    public void publishHttpAddress(String hostPort) {
        this.httpAddress = hostPort;
    }

    /**
     * The store routed by the master's table, once the master placed the partitions, this server
     * opened its replicas and every partition reported a leader. The member keeps it routed as replicas move; the caller owns (closes) it.
     *
     * @throws HayloftException UNAVAILABLE when that does not happen within {@code wait}
     */
    public PartitionedFilerStore store(Duration wait) {
        try {
            return store.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, "interrupted waiting for the partitions");
        } catch (ExecutionException e) {
            throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, "the partitioned store did not open: "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new HayloftException(io.hayloft.api.ErrorCode.UNAVAILABLE, "the master placed no filer partitions"
                    + " within " + wait + " (it places them once -filer.replicas filer servers registered)");
        }
    }

    /** Sends one heartbeat and follows the table of the answer; the loop calls it every pulse. */
    void beat() {
        FilerHeartbeat beat = new FilerHeartbeat(nodeId, raftAddress, httpAddress, settings.dataCenter(),
                settings.rack(), reports());
        FilerHeartbeatResponse answer = masters.call(Endpoint.Method.POST, MasterApi.FILER_HEARTBEAT.query(),
                Json.write(beat, false), FilerHeartbeatResponse.class);
        masters.follow(answer.masters());
        follow(answer.table());
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("filer server {}: heartbeat to the master failed: {}", nodeId, e.toString());
        }
    }

    /** Hosts, rejoins and drops replicas as {@code table} says, and routes the store by it. */
    private synchronized void follow(PartitionTable table) {
        if (table.partitions().isEmpty() || table.version() < appliedVersion) {
            return;
        }
        PartitionMap map = toMap(table);
        Set<RaftGroupId> assigned = new HashSet<>();
        List<RaftGroup> toHost = new ArrayList<>();
        for (PartitionTable.Partition p : table.hostedBy(nodeId)) {
            RaftGroupId g = PartitionMap.groupId(p.id());
            assigned.add(g);
            if (unjoined.contains(g)) {
                rejoin(map.group(p.id()));
                continue;
            }
            if (server.hosts(g)) {
                continue;
            }
            if (p.term() > 0) {
                rejoin(map.group(p.id()));
            } else {
                toHost.add(map.group(p.id()));
            }
        }
        hostAll(toHost);
        for (RaftGroupId g : unassigned.toDrop(server.groupIds(), assigned, firstTable, recovered,
                this::inOwnConfiguration)) {
            drop(g);
        }
        firstTable = false;
        appliedVersion = table.version();
        if (store.isDone()) {
            store.join().reroute(map);
        } else if (table.partitions().stream().allMatch(p -> p.leader() > 0)) {
            // every partition has elected a leader once: the store's first calls find one
            store.complete(new PartitionedFilerStore(map, settings.tuning(), settings.clock(), LEADER_WAIT,
                    server.tls(), server, settings.reads()));
        }
    }

    /**
     * Drops replica {@code g} on a virtual thread of its own, once at a time per group: removing a Ratis group
     * closes its division, which has been seen to wait for minutes (a channel shutdown in Ratis's peer proxies);
     * done on the heartbeat thread, that stopped this server's heartbeats, so the master took it for silent and
     * its other replicas' reports went stale. A drop that fails is tried again by a later beat.
     */
    private void drop(RaftGroupId g) {
        if (!dropping.add(g)) {
            return;
        }
        LOG.info("filer server {} drops its replica of partition group {}: the table does not name it (moved away,"
                + " or a move that did not finish)", nodeId, g);
        Thread.ofVirtual().name("hayloft-partition-drop").start(() -> {
            try {
                server.drop(g);
            } catch (RuntimeException e) {
                LOG.warn("filer server {}: {}", nodeId, e.getMessage());
            } finally {
                dropping.remove(g);
            }
        });
    }

    private void hostAll(List<RaftGroup> groups) {
        if (groups.isEmpty()) {
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> adds = new ArrayList<>();
            for (RaftGroup g : groups) {
                adds.add(pool.submit(() -> server.host(g)));
            }
            for (Future<?> f : adds) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("filer server {}: cannot open every partition replica now ({}); next beat tries again", nodeId,
                    e.toString());
        }
    }

    /**
     * A replica the table gives this server but its storage lacks: it rejoins in the background, and
     * until a rejoin succeeded every beat tries again (the first step hosts the empty replica, which the
     * leader never feeds until the membership change is done).
     */
    private void rejoin(RaftGroup group) {
        if (!rejoining.add(group.getGroupId())) {
            return;
        }
        unjoined.add(group.getGroupId());
        LOG.info("filer server {} has no replica of partition group {} although the partition has run (wiped"
                + " storage?): rejoining it as a new member", nodeId, group.getGroupId());
        Thread.ofVirtual().name("hayloft-partition-rejoin").start(() -> {
            try {
                server.rejoin(group);
                unjoined.remove(group.getGroupId());
                LOG.info("filer server {} rejoined partition group {}", nodeId, group.getGroupId());
            } catch (RuntimeException e) {
                LOG.warn("filer server {}: rejoin of {} failed ({}); next beat tries again", nodeId,
                        group.getGroupId(), e.toString());
            } finally {
                rejoining.remove(group.getGroupId());
            }
        });
    }

    private boolean inOwnConfiguration(RaftGroupId g) {
        try {
            return server.division(g).map(d -> {
                java.util.Collection<org.apache.ratis.protocol.RaftPeer> peers = d.getRaftConf().getAllPeers();
                // no configuration yet: a replica just added, not yet reached by its leader
                return peers.isEmpty() || peers.stream().anyMatch(p -> p.getId().equals(d.getId()));
            }).orElse(true);
        } catch (RuntimeException e) {
            return true; // still starting: keep it
        }
    }

    /** One report per replica that is up; a replica still starting (or closing) is left out, never fails the beat. */
    private List<PartitionReport> reports() {
        List<PartitionReport> out = new ArrayList<>();
        for (RaftGroupId g : server.groupIds()) {
            Optional<RaftServer.Division> d = server.division(g);
            int partition = partitionOf(g);
            if (d.isEmpty() || partition < 0) {
                continue;
            }
            try {
                RaftPeerId leader = d.get().getInfo().getLeaderId();
                out.add(new PartitionReport(partition, leader == null ? 0 : parseNode(leader), d.get().getInfo()
                        .getCurrentTerm(), d.get().getInfo().getLastAppliedIndex(), bytes(d.get())));
            } catch (RuntimeException e) {
                LOG.debug("filer server {}: replica of {} not reportable now: {}", nodeId, g, e.toString());
            }
        }
        return out;
    }

    private static int partitionOf(RaftGroupId g) {
        for (int p = 0; p < 4096; p++) {
            if (PartitionMap.groupId(p).equals(g)) {
                return p;
            }
        }
        return -1;
    }

    private static long parseNode(RaftPeerId id) {
        try {
            return Long.parseLong(id.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long bytes(RaftServer.Division d) {
        try (Stream<Path> files = Files.walk(d.getRaftStorage().getStorageDir().getRoot().toPath())) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The filer's routing map of {@code table}: node ids in decimal as the replicas' peer ids. */
    static PartitionMap toMap(PartitionTable table) {
        Map<String, String> addresses = new LinkedHashMap<>();
        table.servers().forEach(s -> addresses.put(Long.toString(s.nodeId()), s.raftAddress()));
        List<PartitionMap.Partition> parts = table.partitions().stream().map(p -> new PartitionMap.Partition(p.id(),
                p.replicas().stream().map(r -> Long.toString(r)).toList())).toList();
        return new PartitionMap(parts, addresses);
    }

    private static int freePort(String bindHost) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bindHost))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the partition raft server on " + bindHost, e);
        }
    }

    /** Stops the heartbeat loop and the Raft server (every replica); the store is the caller's. Idempotent. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.completeExceptionally(new IllegalStateException("closed"));
        server.close();
    }
}
