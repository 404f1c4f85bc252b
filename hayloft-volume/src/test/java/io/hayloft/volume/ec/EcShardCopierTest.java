package io.hayloft.volume.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.hayloft.http.PeerClient;
import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.volume.store.Store;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard copies between two stores: a source volume encoded in one directory and served by a stand-in for
 * {@code GET /admin/ec/file}, pulled into another store. A copy is checked block by block: one flipped byte
 * refuses it and leaves nothing behind.
 */
class EcShardCopierTest {
    private static final VolumeId ID = VolumeId.of(6);
    private static final int COOKIE = 77;

    @TempDir
    Path sourceDir;
    @TempDir
    Path targetDir;

    private Store source;
    private EcVolumes sourceEc;
    private Store target;
    private EcVolumes targetEc;
    private Vertx vertx;
    private PeerClient peers;
    private FakeHttpServer server;
    private final Map<Long, byte[]> written = new LinkedHashMap<>();
    /** Index of a byte of shard 3 the stand-in flips, or -1. */
    private volatile long flip = -1;

    private static RemoteShards noPeers() {
        return new RemoteShards(null, new ShardLocator(id -> {
            throw HayloftException.notFound("unknown");
        }, () -> "127.0.0.1:1", Clock.systemUTC(), Duration.ofMinutes(1)), Duration.ofSeconds(1));
    }

    @BeforeEach
    void setUp() {
        source = Store.load(List.of(sourceDir), List.of(4), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
        sourceEc = EcVolumes.load(source, noPeers());
        source.allocate(ID, "docs", ReplicaPlacement.NONE, Ttl.NONE);
        SplittableRandom random = new SplittableRandom(3);
        for (long key = 1; key <= 100; key++) {
            byte[] data = new byte[random.nextInt(1, 30_000)];
            random.nextBytes(data);
            source.volume(ID).write(Needle.of(key, COOKIE, data));
            written.put(key, data);
        }
        source.markReadOnly(ID, true);
        EcFiles files = sourceEc.encode(ID).files();
        server = new FakeHttpServer().on("/admin/ec/file", r -> {
            String file = r.params().get("file");
            Path path = switch (file) {
                case "ecx" -> files.index();
                case "ecm" -> files.metadata();
                case "ecj" -> files.journal();
                default -> files.shard(Integer.parseInt(file.substring(2)));
            };
            try {
                if (!Files.exists(path)) {
                    return Answer.json(404, "{\"error\":\"absent\",\"code\":\"NOT_FOUND\"}");
                }
                byte[] bytes = Files.readAllBytes(path);
                if (file.equals("ec03") && flip >= 0) {
                    bytes[(int) flip] ^= 1;
                }
                return Answer.bytes(200, Map.of("Content-Type", "application/octet-stream"), bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        target = Store.load(List.of(targetDir), List.of(4), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
        targetEc = EcVolumes.load(target, noPeers());
        vertx = Vertx.vertx();
        peers = new PeerClient(vertx, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        peers.close();
        vertx.close();
        server.close();
        sourceEc.close();
        source.close();
        targetEc.close();
        target.close();
    }

    @Test
    void copiedShardsAreVerifiedMountedAndServeEveryNeedle() {
        EcShardCopier copier = new EcShardCopier(targetEc, new VolumePeerClient(peers), Duration.ofSeconds(10));
        long bytes = copier.copy(ID, "docs", server.address(), new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        assertThat(bytes).isPositive();
        EcMount m = targetEc.mount(ID);
        assertThat(m.shardBits()).isEqualTo((1L << 10) - 1);
        assertThat(m.collection()).isEqualTo("docs");
        written.forEach((key, data) -> assertThat(m.read(key, COOKIE).data()).isEqualTo(data));

        // more shards of a volume already here: only the shards travel
        copier.copy(ID, "docs", server.address(), new TreeSet<>(List.of(12)));
        assertThat(m.shardBits()).isEqualTo((1L << 10) - 1 | 1L << 12);
    }

    @Test
    void aShardWithOneBadByteIsRefusedAndNothingIsLeftBehind() throws Exception {
        flip = 12_345;
        EcShardCopier copier = new EcShardCopier(targetEc, new VolumePeerClient(peers), Duration.ofSeconds(10));
        assertThatThrownBy(() -> copier.copy(ID, "docs", server.address(), new TreeSet<>(List.of(2, 3))))
                .isInstanceOf(HayloftException.class).hasMessageContaining("shard 3")
                .hasMessageContaining("checksum")
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(targetEc.find(ID)).isEmpty();
        try (var left = Files.list(targetDir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".ec"))).isEmpty();
        }
    }

    @Test
    void anUnreachableSourceIsUnavailableAndLeavesNothing() throws Exception {
        EcShardCopier copier = new EcShardCopier(targetEc, new VolumePeerClient(peers), Duration.ofSeconds(10));
        assertThatThrownBy(() -> copier.copy(ID, "docs", FakeHttpServer.deadAddress(), new TreeSet<>(List.of(0))))
                .isInstanceOf(HayloftException.class)
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        try (var left = Files.list(targetDir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".ec"))).isEmpty();
        }
    }
}
