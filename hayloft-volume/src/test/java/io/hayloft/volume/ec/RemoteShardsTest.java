package io.hayloft.volume.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardLocations;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.http.PeerClient;
import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shard bytes from other servers: the holders the master names are asked in turn, a silent one costs at
 * most the deadline, and a failed read forgets the lookup.
 */
class RemoteShardsTest {
    private static final VolumeId V = VolumeId.of(2);

    private final Vertx vertx = Vertx.vertx();
    private final PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(30));
    private final CountDownLatch release = new CountDownLatch(1);
    private final FakeHttpServer silent = new FakeHttpServer().on("/internal/ec/shard", r -> {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Answer.json(503, "{}");
    });
    private final FakeHttpServer good = new FakeHttpServer().on("/internal/ec/shard", r -> {
        int size = Integer.parseInt(r.params().get("size"));
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (Long.parseLong(r.params().get("offset")) + i);
        }
        return Answer.bytes(200, Map.of(), b);
    });
    private final AtomicInteger lookups = new AtomicInteger();

    @AfterEach
    void tearDown() {
        release.countDown();
        silent.close();
        good.close();
        peers.close();
        vertx.close();
    }

    private ShardLocator locator(List<String> holdersOfShard5) {
        return new ShardLocator(id -> {
            lookups.incrementAndGet();
            return new LookupResponse("2", "2", List.of(), List.of(new EcShardLocations(5,
                    holdersOfShard5.stream().map(u -> new Location(u, u)).toList())));
        }, () -> "127.0.0.1:1", Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @Test
    void aSilentHolderCostsTheDeadlineThenTheNextHolderAnswers() throws IOException {
        RemoteShards remote = new RemoteShards(new VolumePeerClient(peers), locator(List.of(silent.address(), good.address())),
                Duration.ofSeconds(3));
        assertThat(remote.has(V, 5)).isTrue();
        assertThat(remote.has(V, 6)).isFalse();
        byte[] into = new byte[10];
        long started = System.nanoTime();
        remote.read(V, 0, 5, 100, into, 2, 8);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20)); // not the peer client's 30 s
        assertThat(into).containsExactly(0, 0, 100, 101, 102, 103, 104, 105, 106, 107);
        assertThat(good.requestsTo("/internal/ec/shard").getFirst().params())
                .containsEntry("volume", "2").containsEntry("shard", "5").containsEntry("size", "8");
    }

    @Test
    void whenNoHolderAnswersTheReadFailsAndTheLookupIsAskedAgain() {
        RemoteShards remote = new RemoteShards(new VolumePeerClient(peers), locator(List.of(silent.address(), FakeHttpServer.deadAddress())),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> remote.read(V, 0, 5, 0, new byte[4], 0, 4)).isInstanceOf(IOException.class)
                .hasMessageContaining("no answer within");
        int before = lookups.get();
        remote.has(V, 5);
        assertThat(lookups.get()).isEqualTo(before + 1);
    }

    @Test
    void aShardNoServerHoldsIsAnIoFailureNotAHang() {
        RemoteShards remote = new RemoteShards(new VolumePeerClient(peers), locator(List.of()), Duration.ofMillis(300));
        assertThatThrownBy(() -> remote.read(V, 0, 5, 0, new byte[4], 0, 4)).isInstanceOf(IOException.class)
                .hasMessageContaining("no other server holds shard 5");
    }

    @Test
    void aHolderThatRefusesOrAnswersShortIsPassedOverNamingWhy() throws IOException {
        try (FakeHttpServer notHeld = new FakeHttpServer().on("/internal/ec/shard",
                r -> Answer.json(404, "{\"error\":\"shard 5 of volume 2 is not on this server\",\"code\":\"NOT_FOUND\"}"));
             FakeHttpServer shortAnswer = new FakeHttpServer().on("/internal/ec/shard",
                     r -> Answer.bytes(200, Map.of(), new byte[3]))) {
            RemoteShards failing = new RemoteShards(new VolumePeerClient(peers),
                    locator(List.of(notHeld.address(), shortAnswer.address())), Duration.ofSeconds(25));
            assertThatThrownBy(() -> failing.read(V, 0, 5, 0, new byte[8], 0, 8)).isInstanceOf(IOException.class)
                    .hasMessageContaining("NOT_FOUND").hasMessageContaining("answered 3 bytes of shard 5");

            RemoteShards passing = new RemoteShards(new VolumePeerClient(peers),
                    locator(List.of(notHeld.address(), good.address())), Duration.ofSeconds(25));
            byte[] into = new byte[2];
            passing.read(V, 0, 5, 7, into, 0, 2);
            assertThat(into).containsExactly(7, 8);
        }
    }
}
