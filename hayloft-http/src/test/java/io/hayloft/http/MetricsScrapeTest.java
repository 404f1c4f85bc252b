package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} with a gauge that waits (on a lock another thread holds, as the master's topology). */
class MetricsScrapeTest {
    @Test
    void aSlowGaugeDoesNotHoldUpTheEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        CountDownLatch release = new CountDownLatch(1);
        try {
            Router router = Router.router(vertx);
            Metrics metrics = new Metrics("test");
            metrics.install(router);
            Gauge.builder("slow_gauge", release, latch -> {
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 7;
            }).register(metrics.registry());
            router.get("/ping").handler(ctx -> ctx.response().end("pong"));
            HttpServerHandle server = HttpServerHandle.start(vertx, "127.0.0.1", 0, router);
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                CompletableFuture<HttpResponse<String>> scrape = http.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(base + "/ping"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ping.body()).as("answered while the scrape waits").isEqualTo("pong");
                assertThat(scrape).isNotDone();

                release.countDown();
                HttpResponse<String> scraped = scrape.get(30, TimeUnit.SECONDS);
                assertThat(scraped.statusCode()).isEqualTo(200);
                assertThat(scraped.body()).contains("slow_gauge");
            } finally {
                server.close();
            }
        } finally {
            release.countDown();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
