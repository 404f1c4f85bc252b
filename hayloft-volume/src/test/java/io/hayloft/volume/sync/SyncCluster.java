package io.hayloft.volume.sync;

import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.http.HttpServerHandle;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeDigest;
import io.hayloft.volume.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real volume-server stores, each behind its own Vert.x HTTP server serving only {@link SyncRoutes},
 * with a {@link ReplicaSync} each; no master: the replica lookup answers from {@link #lookups}.
 */
final class SyncCluster implements AutoCloseable {
    static final VolumeId VID = VolumeId.of(5);
    static final int COOKIE = 0x5eed_c0de;

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
    final Vertx vertx = Vertx.vertx();
    final PeerClient client = new PeerClient(vertx, Duration.ofSeconds(5));
    final List<Node> nodes = new ArrayList<>();
    /** What the replica lookup answers per volume. */
    final Map<VolumeId, List<String>> lookups = new ConcurrentHashMap<>();

    /** One server. */
    record Node(String url, Store store, ReplicaSync sync, SimpleMeterRegistry registry, HttpServerHandle http) {
        Volume volume() {
            return store.volume(VID);
        }

        VolumeDigest digest() {
            return VolumeDigest.of(volume());
        }

        String base() {
            return "http://" + url;
        }
    }

    /**
     * Starts {@code n} servers, each holding volume {@link #VID} with {@code placement}; the lookup
     * of that volume lists all of them.
     */
    SyncCluster(Path dir, int n, String placement, SyncConfig config, ReplicaSync.Settle settle) {
        for (int i = 0; i < n; i++) {
            Store store = Store.load(List.of(dir.resolve("node" + i)), List.of(8), Store.DEFAULT_SIZE_LIMIT, false,
                    clock);
            store.allocate(VID, "", ReplicaPlacement.parse(placement), Ttl.NONE);
            AtomicReference<String> self = new AtomicReference<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ReplicaSync sync = new ReplicaSync(store, id -> lookups.getOrDefault(id, List.of()), self::get, new VolumePeerClient(client),
                    config, registry, clock, settle);
            Router router = Router.router(vertx);
            SyncRoutes.install(router, io.hayloft.http.WhiteList.OPEN.guard(), store, sync);
            HttpServerHandle http = HttpServerHandle.start(vertx, "127.0.0.1", 0, router);
            self.set("127.0.0.1:" + http.port());
            nodes.add(new Node(self.get(), store, sync, registry, http));
        }
        lookups.put(VID, nodes.stream().map(Node::url).toList());
    }

    Node node(int i) {
        return nodes.get(i);
    }

    /** The needle every replica stores for {@code key}: data, name, mime and a pair. */
    static Needle needle(long key) {
        byte[] data = ("needle-" + key + ";").repeat((int) Long.remainderUnsigned(key, 7) + 1).getBytes(StandardCharsets.UTF_8);
        return Needle.of(key, COOKIE, data).withName("n" + key + ".txt").withMime("text/plain")
                .withLastModified(1_700_000_000L + (key & 0xffff)).withPairs(Map.of("k", "v" + key));
    }

    void write(long key, Node... on) {
        for (Node node : on) {
            node.volume().write(needle(key));
        }
    }

    void write(Needle needle, Node... on) {
        for (Node node : on) {
            node.volume().write(needle);
        }
    }

    void delete(long key, Node... on) {
        for (Node node : on) {
            node.volume().delete(key, COOKIE);
        }
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.sync().close();
            node.http().close();
        }
        client.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort in tests
        }
        for (Node node : nodes) {
            node.store().close();
        }
    }
}
