package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent peer calls from virtual threads: every answer must carry its whole body. A chain
 * of futures built off the event loop once let a response end before its body handler was set,
 * and a call returned 200 with an empty body.
 */
class PeerClientStressTest {

    @Test
    void everyResponseBodyArrivesWhole() throws Exception {
        Vertx vertx = Vertx.vertx();
        Buffer payload = Buffer.buffer(new byte[1024]);
        Router router = Router.router(vertx);
        router.get("/x").handler(ctx -> ctx.response().end(payload));
        HttpServerHandle server = HttpServerHandle.start(vertx, "127.0.0.1", 0, router);
        AtomicInteger wrong = new AtomicInteger();
        try (PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(10));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            String url = "http://127.0.0.1:" + server.port() + "/x";
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                calls.add(threads.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        PeerClient.Response r = peers.get(url);
                        if (r.status() != 200 || r.body().length() != 1024) {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            server.close();
            vertx.close();
        }
        assertThat(wrong).hasValue(0);
    }
}
