package io.hayloft.it;

import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * An in-process cluster on loopback with ephemeral ports: one master and any number of volume
 * servers, each with its own directories, data center and rack.
 */
final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final MasterConfig masterConfig;
    private MasterServer master;
    private final List<VolumeServer> volumes = new ArrayList<>();
    private final List<VolumeServerConfig> volumeConfigs = new ArrayList<>();

    private LocalCluster(Path root, MasterConfig masterConfig) {
        this.root = root;
        this.masterConfig = masterConfig;
    }

    /** Starts a master with {@code tweak} applied to its test config. */
    static LocalCluster start(Path root, UnaryOperator<MasterConfig> tweak) {
        LocalCluster c = new LocalCluster(root, tweak.apply(MasterConfig.forTest(root.resolve("master"))));
        c.master = MasterServer.start(c.masterConfig);
        return c;
    }

    MasterServer master() {
        return master;
    }

    String masterUrl() {
        return master.url();
    }

    List<VolumeServer> volumeServers() {
        return volumes;
    }

    /** Starts a volume server with {@code max} slots in one fresh dir, in the given DC and rack. */
    VolumeServer addVolumeServer(int max, String dataCenter, String rack) {
        return addVolumeServer(c -> c.withMaxVolumes(List.of(max)).withLocation(dataCenter, rack));
    }

    VolumeServer addVolumeServer(UnaryOperator<VolumeServerConfig> tweak) {
        try {
            Path dir = Files.createDirectories(root.resolve("volume" + volumes.size()));
            VolumeServerConfig config = tweak.apply(VolumeServerConfig.forTest(List.of(dir), masterUrl()));
            VolumeServer vs = VolumeServer.start(config);
            volumes.add(vs);
            volumeConfigs.add(config);
            awaitNodes(volumes.size());
            return vs;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops volume server {@code i} (its slot stays, for {@link #restartVolumeServer}). */
    void stopVolumeServer(int i) {
        volumes.get(i).close();
    }

    /** Starts volume server {@code i} again on its dirs and its former port. */
    VolumeServer restartVolumeServer(int i) {
        VolumeServer vs = VolumeServer.start(volumeConfigs.get(i).withPort(volumes.get(i).port()));
        volumes.set(i, vs);
        return vs;
    }

    /** Waits until the master's topology lists {@code n} data nodes. */
    void awaitNodes(int n) {
        Await.until(n + " data nodes registered", Duration.ofSeconds(20), () -> countNodes() == n);
    }

    int countNodes() {
        JsonNode topo = TestHttp.json(TestHttp.get(masterUrl(), "/dir/status")).get("Topology");
        int count = 0;
        for (JsonNode dc : topo.get("DataCenters")) {
            for (JsonNode rack : dc.get("Racks")) {
                count += rack.get("DataNodes").size();
            }
        }
        return count;
    }

    /** The {@code ip:port} of every replica of {@code v}, as the master's lookup lists them (none if unknown). */
    List<String> locations(VolumeId v) {
        HttpResponse<byte[]> r = TestHttp.get(masterUrl(), "/dir/lookup?volumeId=" + v);
        List<String> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (JsonNode l : TestHttp.json(r).get("locations")) {
                out.add(l.get("url").asString());
            }
        }
        return out;
    }

    /** Restarts the master on the same meta dir and the same ports, so volume servers find it again. */
    void restartMaster() {
        int port = master.port();
        int raftPort = master.raftPort();
        master.close();
        master = MasterServer.start(masterConfig.withPorts(port, raftPort));
    }

    @Override
    public void close() {
        for (VolumeServer v : volumes) {
            v.close();
        }
        if (master != null) {
            master.close();
        }
    }
}
