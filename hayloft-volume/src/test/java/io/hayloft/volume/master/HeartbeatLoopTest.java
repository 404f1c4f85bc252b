package io.hayloft.volume.master;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
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
    void afterAFullReportAnUnchangedServerSendsEmptyDeltasAndAChangedOneOnlyWhatChanged() throws Exception {
        store.allocate(VolumeId.of(2), "c", ReplicaPlacement.NONE, Ttl.NONE);
        store.allocate(VolumeId.of(3), "c", ReplicaPlacement.NONE, Ttl.NONE);
        try (FakeMaster master = new FakeMaster()) {
            HeartbeatLoop loop = loop(master.address());
            loop.start(new NodeAddress("127.0.0.1", 8080, "pub:8080", "dc1", "r1"));
            assertThat(Await.holds(Duration.ofSeconds(5), () -> master.heartbeats.size() == 1)).isTrue();
            loop.beatNow();
            assertThat(Await.holds(Duration.ofSeconds(5), () -> master.heartbeats.size() == 2)).isTrue();
            store.volume(VolumeId.of(3)).write(Needle.of(7, 1, new byte[]{1}));
            loop.beatNow();
            assertThat(Await.holds(Duration.ofSeconds(5), () -> master.heartbeats.size() == 3)).isTrue();
            loop.close();

            var full = master.heartbeats.get(0);
            assertThat(full.delta()).isFalse();
            assertThat(full.sequence()).isEqualTo(1);
            assertThat(full.volumes()).extracting(v -> v.id()).containsExactly(2, 3);
            var unchanged = master.heartbeats.get(1);
            assertThat(unchanged.delta()).isTrue();
            assertThat(unchanged.sequence()).isEqualTo(2);
            assertThat(unchanged.volumes()).isEmpty();
            assertThat(unchanged.deletedVolumes()).isEmpty();
            var written = master.heartbeats.get(2);
            assertThat(written.delta()).isTrue();
            assertThat(written.volumes()).singleElement().satisfies(v -> {
                assertThat(v.id()).isEqualTo(3);
                assertThat(v.fileCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void aMasterThatAsksForAFullReportGetsOneAtOnce() throws Exception {
        store.allocate(VolumeId.of(2), "c", ReplicaPlacement.NONE, Ttl.NONE);
        List<Heartbeat> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeMaster master = new FakeMaster()) {
            master.on("POST", "/internal/heartbeat", call -> {
                Heartbeat hb = io.hayloft.http.Json.read(call.body(), Heartbeat.class);
                beats.add(hb);
                // the master "missed" beat 1: it asks for a full report when the first delta comes
                return FakeMaster.Answer.ok(io.hayloft.http.Json.writeString(new HeartbeatResponse(1 << 30, "",
                        List.of(), null, hb.delta())));
            });
            HeartbeatLoop loop = loop(master.address());
            loop.start(new NodeAddress("127.0.0.1", 8080, "pub:8080", "dc1", "r1"));
            assertThat(Await.holds(Duration.ofSeconds(5), () -> beats.size() == 1)).isTrue();
            loop.beatNow();
            assertThat(Await.holds(Duration.ofSeconds(5), () -> beats.size() >= 3))
                    .as("the full report follows the request without waiting a pulse (60 s here)").isTrue();
            loop.close();

            assertThat(beats.get(1).delta()).isTrue();
            assertThat(beats.get(2).delta()).isFalse();
            assertThat(beats.get(2).sequence()).isEqualTo(3);
            assertThat(beats.get(2).volumes()).extracting(v -> v.id()).containsExactly(2);
        }
    }

    @Test
    void aDeferredFullReportIsSentAgainAfterTheMastersWaitNotAPulseAndNothingInBetween() throws Exception {
        store.allocate(VolumeId.of(2), "c", ReplicaPlacement.NONE, Ttl.NONE);
        List<FakeMaster.Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeMaster master = new FakeMaster()) {
            master.on("POST", "/internal/heartbeat", call -> {
                calls.add(call);
                at.add(System.nanoTime());
                HeartbeatResponse ok = new HeartbeatResponse(1 << 30, "", List.of(), null, false);
                // the first two full reports find the master over its budget
                return FakeMaster.Answer.ok(io.hayloft.http.Json.writeString(
                        calls.size() <= 2 ? ok.withFullReportDeferred(400) : ok));
            });
            HeartbeatLoop loop = loop(master.address());
            loop.start(new NodeAddress("127.0.0.1", 8080, "pub:8080", "dc1", "r1"));
            assertThat(loop.awaitFirstHeartbeat(Duration.ofSeconds(10)))
                    .as("the full report retried within the master's wait, not after the 60 s pulse").isTrue();
            loop.close();

            assertThat(calls).hasSize(3);
            for (FakeMaster.Call c : calls) {
                Heartbeat hb = io.hayloft.http.Json.read(c.body(), Heartbeat.class);
                assertThat(hb.delta()).as("nothing but the full report until one is taken").isFalse();
                assertThat(c.params()).containsEntry("report", "full").containsEntry("node", "127.0.0.1:8080");
            }
            for (int i = 1; i < at.size(); i++) {
                assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1)))
                        .as("at least half the master's 400 ms wait, with jitter").isGreaterThanOrEqualTo(
                                Duration.ofMillis(200));
            }
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
