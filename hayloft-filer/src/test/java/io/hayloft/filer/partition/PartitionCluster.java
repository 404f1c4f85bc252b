package io.hayloft.filer.partition;

import io.hayloft.testkit.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * N filer servers' partition replicas in one JVM on loopback: each a {@link PartitionServer} with its
 * own storage directory, the partitions spread over them ({@link PartitionMap#spread}), three replicas
 * each on distinct servers. Servers can be stopped, restarted on the same port and wiped.
 */
final class PartitionCluster implements AutoCloseable {
    static final PartitionServer.Tuning TUNING = new PartitionServer.Tuning(64,
            org.apache.ratis.util.SizeInBytes.valueOf("32KB"), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final Path dir;
    private final PartitionServer.Tuning tuning;
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, PartitionServer> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final PartitionMap map;

    private PartitionCluster(Path dir, int servers, int partitions, PartitionServer.Tuning tuning) {
        this.dir = dir;
        this.tuning = tuning;
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 1; i <= servers; i++) {
            String node = "filer" + i;
            PartitionServer s = PartitionServer.start(node, "127.0.0.1", 0, dir.resolve(node), tuning);
            nodes.add(node);
            running.put(node, s);
            ports.put(node, s.raftPort());
            addresses.put(node, "127.0.0.1:" + s.raftPort());
        }
        this.map = PartitionMap.spread(partitions, Math.min(3, servers), nodes, addresses);
        hostAll();
    }

    /** Starts {@code servers} servers and {@code partitions} partitions, and waits for every leader. */
    static PartitionCluster start(Path dir, int servers, int partitions, PartitionServer.Tuning tuning) {
        PartitionCluster c = new PartitionCluster(dir, servers, partitions, tuning);
        c.awaitLeaders();
        return c;
    }

    private void hostAll() {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> f = new ArrayList<>();
            for (PartitionServer s : running.values()) {
                f.add(pool.submit(() -> s.hostAll(map)));
            }
            for (Future<?> x : f) {
                x.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    PartitionMap map() {
        return map;
    }

    List<String> nodes() {
        return nodes;
    }

    /** A new store routing by this cluster's map (any filer server would build the same). */
    PartitionedFilerStore store(Clock clock) {
        return store(clock, Duration.ofSeconds(30));
    }

    /** A new store that waits at most {@code wait} for a partition's leader. */
    PartitionedFilerStore store(Clock clock, Duration wait) {
        return new PartitionedFilerStore(map, tuning, clock, wait);
    }

    /**
     * A new store of filer server {@code node}: the partitions its replica leads are called in process,
     * as {@code hayloft filer -store partitioned} does (the replica of the running server, after restarts too).
     */
    PartitionedFilerStore store(Clock clock, String node) {
        return store(clock, node, PartitionReads.LINEARIZABLE);
    }

    /** A new store of filer server {@code node} reading as {@code reads}. */
    PartitionedFilerStore store(Clock clock, String node, PartitionReads reads) {
        LocalReplicas local = new LocalReplicas() {
            @Override
            public Optional<PartitionStateMachine> leading(RaftGroupId group) {
                return Optional.ofNullable(running.get(node)).flatMap(s -> s.leading(group));
            }

            @Override
            public Optional<PartitionStateMachine> hosted(RaftGroupId group) {
                return Optional.ofNullable(running.get(node)).flatMap(s -> s.hosted(group));
            }
        };
        return new PartitionedFilerStore(map, tuning, clock, Duration.ofSeconds(30), local, reads);
    }

    PartitionServer server(String node) {
        return running.get(node);
    }

    /** Waits until every partition has a leader that some running replica knows and that leads. */
    void awaitLeaders() {
        for (int p = 0; p < map.size(); p++) {
            int partition = p;
            Await.until("a leader of partition " + p, Duration.ofSeconds(60), () -> leader(partition).isPresent());
        }
    }

    /** The running server leading partition {@code p}, if any. */
    Optional<String> leader(int p) {
        RaftGroupId g = PartitionMap.groupId(p);
        return running.entrySet().stream().filter(e -> e.getValue().leads(g)).map(Map.Entry::getKey).findFirst();
    }

    /** Stops {@code node}'s server (as a crash of its Raft server: nothing is flushed beyond what Raft did). */
    void stop(String node) {
        running.remove(node).close();
    }

    /** Starts {@code node}'s server again on its port, with what is left in its directory. */
    void restart(String node) {
        PartitionServer s = PartitionServer.start(node, "127.0.0.1", ports.get(node), dir.resolve(node), tuning);
        running.put(node, s);
        s.hostAll(map);
    }

    /** Starts a wiped {@code node} again and has it rejoin each of its partitions as a new member. */
    void rejoin(String node) {
        PartitionServer s = PartitionServer.start(node, "127.0.0.1", ports.get(node), dir.resolve(node), tuning);
        running.put(node, s);
        map.hostedBy(node).forEach(p -> s.rejoin(map.group(p.id())));
    }

    /** Deletes everything {@code node} stored (it must be stopped). */
    void wipe(String node) throws IOException {
        SnapshotArchive.deleteTree(dir.resolve(node));
    }

    /** The last index {@code node}'s replica of partition {@code p} applied. */
    long appliedIndex(String node, int p) {
        return running.get(node).appliedIndex(PartitionMap.groupId(p));
    }

    Optional<RaftPeerId> knownLeader(String node, int p) {
        return running.get(node).leaderOf(PartitionMap.groupId(p));
    }

    @Override
    public void close() {
        for (String node : List.copyOf(running.keySet())) {
            stop(node);
        }
    }
}
