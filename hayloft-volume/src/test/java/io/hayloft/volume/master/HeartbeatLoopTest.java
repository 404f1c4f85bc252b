package io.hayloft.volume.master;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.volume.store.Store;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatLoopTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void start() {
        store = Store.load(List.of(dir), List.of(4), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.forEach(MasterClient::close);
        store.close();
    }

    private final List<MasterClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HeartbeatLoop loop(String masterAddress) {
        MasterClient client = new MasterClient(List.of(masterAddress), Duration.ofSeconds(2));
        clients.add(client);
        return new HeartbeatLoop(store, client, new NodeIdFile(dir),
                Duration.ofSeconds(60));
    }

    @Test
    void firstBeatRegistersKeepsTheNodeIdAndAppliesTheSizeLimit() throws Exception {
        store.allocate(VolumeId.of(2), "c", ReplicaPlacement.NONE, Ttl.NONE).write(Needle.of(99, 1, new byte[]{1}));
        try (FakeMaster master = new FakeMaster()) {
            master.volumeSizeLimit.set(1 << 20);
            HeartbeatLoop loop = loop(master.address());
            loop.start(new NodeAddress("127.0.0.1", 8080, "pub:8080", "dc1", "r1"));
            assertThat(Await.holds(Duration.ofSeconds(5), () -> !master.heartbeats.isEmpty())).isTrue();
            loop.close();
            var hb = master.heartbeats.getFirst();
            assertThat(hb.nodeId()).isEqualTo(loop.nodeId()).isPositive();
            assertThat(hb.url()).isEqualTo("127.0.0.1:8080");
            assertThat(hb.publicUrl()).isEqualTo("pub:8080");
            assertThat(hb.dataCenter()).isEqualTo("dc1");
            assertThat(hb.rack()).isEqualTo("r1");
            assertThat(hb.maxVolumeCount()).isEqualTo(4);
            assertThat(hb.maxFileKey()).isEqualTo(99);
            assertThat(hb.volumes()).singleElement().satisfies(v -> assertThat(v.fileCount()).isEqualTo(1));
            assertThat(store.sizeLimit()).isEqualTo(1 << 20);
            assertThat(new NodeIdFile(dir).read()).hasValue(loop.nodeId());
        }
    }

    @Test
    void survivesAMasterThatIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HeartbeatLoop loop = loop("127.0.0.1:" + port);
        loop.start(new NodeAddress("127.0.0.1", 8080, "127.0.0.1:8080", "dc", "r"));
        try (FakeMaster late = new FakeMaster(port)) {
            loop.beatNow();
            assertThat(Await.holds(Duration.ofSeconds(10), () -> loop.nodeId() != 0)).isTrue();
            loop.close();
            assertThat(late.nodeIdRequests).hasSize(1);
        } finally {
            loop.close();
        }
    }
}
