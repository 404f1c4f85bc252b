package io.hayloft.it;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.partition.PartitionServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.util.SizeInBytes;
import tools.jackson.databind.JsonNode;

/**
 * An in-process cluster of the partitioned filer on loopback: a master group (1 or 3 masters) that
 * owns the partition map, and N filer servers started with {@code -store partitioned} and no peer
 * list: each gets its node id from the master, registers, and opens the replicas the master places
 * on it. Filer servers can be stopped (for good or for a while), wiped and restarted on the same Raft
 * port. No volume server: files of at most 2 KiB live inside their entries.
 */
final class PartitionedFilers implements AutoCloseable {
    /** Small segments and frequent snapshots, so that a new replica catches up by InstallSnapshot. */
    static final PartitionServer.Tuning TUNING = new PartitionServer.Tuning(64, SizeInBytes.valueOf("32KB"),
            Duration.ofSeconds(1), Duration.ofSeconds(2));
    static final Duration PULSE = Duration.ofMillis(300);

    private final Path root;
    private final List<MasterServer> masters = new ArrayList<>();
    private final List<String> masterUrls = new ArrayList<>();
    private final Map<Integer, FilerServer> filers = new LinkedHashMap<>();
    private final Map<Integer, Integer> raftPorts = new LinkedHashMap<>();

    private PartitionedFilers(Path root) {
        this.root = root;
    }

    /**
     * Starts {@code masterCount} masters owning {@code partitions} partitions of 3 replicas, a filer server
     * silent longer than {@code grace} losing its replicas, then {@code filerCount} filer servers at once
     * (each waits until the master placed the partitions).
     */
    static PartitionedFilers start(Path root, int masterCount, int filerCount, int partitions, Duration grace) {
        PartitionedFilers c = new PartitionedFilers(root);
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < masterCount; i++) {
                ports.add(masterCount == 1 ? 0 : ClusterPorts.masterPort());
            }
            List<String> peers = masterCount == 1 ? List.of() : ports.stream().map(p -> "127.0.0.1:" + p).toList();
            for (int i = 0; i < masterCount; i++) {
                MasterServer m = MasterServer.start(MasterConfig.forTest(root.resolve("master" + i))
                        .withPorts(ports.get(i), ports.get(i) == 0 ? 0 : ports.get(i) + 10000).withPeers(peers)
                        .withPulse(PULSE).withReplicationGrace(grace).withFilerPartitions(partitions, 3));
                c.masters.add(m);
                c.masterUrls.add(m.url());
            }
            Await.until("a master leader", Duration.ofSeconds(60), () -> c.masters.stream().anyMatch(MasterServer::isLeader));
            for (int i = 0; i < filerCount; i++) {
                c.raftPorts.put(i, ClusterPorts.anyPort());
            }
            c.startFilers(c.raftPorts.keySet().stream().toList());
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Starts the filer servers numbered {@code which} at once, and waits until each serves. */
    void startFilers(List<Integer> which) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Integer, Future<FilerServer>> started = new LinkedHashMap<>();
            for (int i : which) {
                started.put(i, pool.submit(() -> FilerServer.start(config(i))));
            }
            for (Map.Entry<Integer, Future<FilerServer>> e : started.entrySet()) {
                filers.put(e.getKey(), e.getValue().get(120, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            throw new IllegalStateException("filer servers did not start: " + e, e);
        }
    }

    private FilerConfig config(int i) {
        return FilerConfig.forTest(filerDir(i), masterUrls.getFirst()).withMasters(masterUrls)
                .withStore(FilerConfig.Store.PARTITIONED, "")
                .withPartitioning(FilerConfig.Partitioning.DEFAULT.withRaftPort(raftPorts.get(i))
                        .withRack("dc1", "rack" + i).withPulse(PULSE).withTuning(TUNING, Duration.ofSeconds(90)));
    }

    Path filerDir(int i) {
        return root.resolve("filer" + i);
    }

    /** The HTTP address of running filer server {@code i}. */
    String filer(int i) {
        return filers.get(i).url();
    }

    /** The running filer servers' numbers. */
    List<Integer> running() {
        return List.copyOf(filers.keySet());
    }

    /** The node id filer server {@code i} got from the master (from its {@code node.id}). */
    long nodeId(int i) {
        try {
            return Long.parseLong(Files.readString(filerDir(i).resolve("node.id")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops filer server {@code i} (its Raft server too); its directory stays. */
    void stop(int i) {
        filers.remove(i).close();
    }

    /** Deletes the partition replicas of stopped filer server {@code i}, keeping its node id. */
    void wipePartitions(int i) throws IOException {
        try (Stream<Path> files = Files.walk(filerDir(i).resolve("partitions"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    List<MasterServer> masters() {
        return masters;
    }

    /** Any running master's HTTP address. */
    String master() {
        return masters.stream().filter(m -> m != null).findFirst().orElseThrow().url();
    }

    /** Stops master {@code i}. */
    void stopMaster(int i) {
        masters.get(i).close();
        masters.set(i, null);
    }

    /** {@code GET /filer/partition/list} from {@code master}. */
    static JsonNode listing(String master) {
        return TestHttp.json(TestHttp.get(master, "/filer/partition/list"));
    }

    @Override
    public void close() {
        for (int i : List.copyOf(filers.keySet())) {
            stop(i);
        }
        for (MasterServer m : masters) {
            if (m != null) {
                m.close();
            }
        }
    }
}
