package io.hayloft.client;

import io.hayloft.http.PeerClient;
import io.hayloft.http.VertxHttpTransport;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** {@link FilerClientTest}'s cases with the client sending through a server's Vert.x transport. */
class FilerClientOverVertxTest extends FilerClientTest {
    private final Vertx vertx = Vertx.vertx();
    private final PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(5));

    @AfterEach
    void stopVertx() {
        peers.close();
        vertx.close();
    }

    @Override
    FilerClient client(String address, Duration timeout) {
        return FilerClient.over(address, new VertxHttpTransport(peers, timeout), timeout);
    }
}
