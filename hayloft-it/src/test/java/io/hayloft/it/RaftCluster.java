package io.hayloft.it;

import io.hayloft.testkit.Await;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An in-process cluster on loopback: N masters in one Raft group (ports picked up front, see
 * {@link ClusterPorts}) and any number of volume servers, each with its own directory, data
 * center and rack, heartbeating to every master.
 */
final class RaftCluster implements AutoCloseable {
    private final Path root;
    private final List<String> masterUrls;
    private final List<MasterServer> masters = new ArrayList<>();
    private final List<VolumeServer> volumes = new ArrayList<>();
    private final Duration pulse;

    private RaftCluster(Path root, List<String> masterUrls, Duration pulse) {
        this.root = root;
        this.masterUrls = List.copyOf(masterUrls);
        this.pulse = pulse;
    }

    /** Starts {@code n} masters with the given pulse and waits until they agree on a leader. */
    static RaftCluster start(Path root, int n, Duration pulse) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(ClusterPorts.masterPort());
        }
        List<String> urls = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        RaftCluster c = new RaftCluster(root, urls, pulse);
        try {
            for (int i = 0; i < n; i++) {
                c.masters.add(MasterServer.start(MasterConfig.forTest(root.resolve("master" + i))
                        .withPorts(ports.get(i), ports.get(i) + 10000).withPeers(urls).withPulse(pulse)));
            }
            c.awaitLeader(Duration.ofSeconds(30));
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    List<String> masterUrls() {
        return masterUrls;
    }

    List<MasterServer> masters() {
        return masters;
    }

    List<VolumeServer> volumeServers() {
        return volumes;
    }

    /** The master that leads now, if one does. */
    Optional<MasterServer> leader() {
        return masters.stream().filter(MasterServer::isLeader).findFirst();
    }

    /** Some master that does not lead. */
    MasterServer follower() {
        return masters.stream().filter(m -> !m.isLeader()).findFirst()
                .orElseThrow(() -> new AssertionError("no follower"));
    }

    /** Waits until exactly one master leads and every master names it in /cluster/status. */
    MasterServer awaitLeader(Duration timeout) {
        Await.until("one leader all masters agree on", timeout, () -> {
            List<MasterServer> leaders = masters.stream().filter(MasterServer::isLeader).toList();
            if (leaders.size() != 1) {
                return false;
            }
            String url = leaders.getFirst().url();
            return masters.stream().allMatch(m -> url.equals(
                    TestHttp.json(TestHttp.get(m.url(), "/cluster/status")).get("Leader").asString()));
        });
        return leader().orElseThrow();
    }

    /** Starts a volume server with {@code max} slots in one fresh dir, heartbeating to every master. */
    VolumeServer addVolumeServer(int max, String dataCenter, String rack) {
        try {
            Path dir = Files.createDirectories(root.resolve("volume" + volumes.size()));
            VolumeServer vs = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), masterUrls.getFirst())
                    .withMasters(masterUrls).withMaxVolumes(List.of(max)).withLocation(dataCenter, rack)
                    .withPulse(pulse));
            volumes.add(vs);
            return vs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every master's topology lists {@code n} data nodes. */
    void awaitNodesOnEveryMaster(int n) {
        for (String m : masterUrls) {
            Await.until(n + " data nodes on " + m, Duration.ofSeconds(20), () -> countNodes(m) == n);
        }
    }

    /** The data nodes in {@code master}'s topology. */
    static int countNodes(String master) {
        JsonNode topo = TestHttp.json(TestHttp.get(master, "/dir/status")).get("Topology");
        int count = 0;
        for (JsonNode dc : topo.get("DataCenters")) {
            for (JsonNode rack : dc.get("Racks")) {
                count += rack.get("DataNodes").size();
            }
        }
        return count;
    }

    @Override
    public void close() {
        for (VolumeServer v : volumes) {
            v.close();
        }
        for (MasterServer m : masters) {
            m.close();
        }
    }
}
