package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 9, item 4: every peer call completes; one Vert.x refuses never left its future pending. */
class PeerClientDeadlineTest {
    @Test
    void aUrlVertxRefusesCompletesTheFutureAtOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(60))) {
            for (String url : new String[] {"http://127.0.0.1:99999/x", "http://127.0.0.1:-1/x", "http://[zz/x"}) {
                CompletableFuture<PeerClient.Response> f = peers.send(HttpMethod.GET, url, Map.of(), null);
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).as(url)
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> peers.get("http://127.0.0.1:99999/x"))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isIn(
                            ErrorCode.BAD_REQUEST, ErrorCode.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
