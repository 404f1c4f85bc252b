package io.hayloft.volume.master;

import io.hayloft.client.MasterTransport;
import io.hayloft.http.PeerClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The volume server's calls to masters over its own Vert.x {@link PeerClient} (every call between
 * roles goes through Vert.x), under the shared {@link io.hayloft.client.MasterClient}'s failover. The
 * deadline is the peer client's (the master attempt timeout it was built with). Thread-safe.
 */
final class PeerMasterTransport implements MasterTransport {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private final PeerClient peers;

    /** @param peers a client whose timeout is one attempt's */
    PeerMasterTransport(PeerClient peers) {
        this.peers = peers;
    }

    @Override
    public Answer send(String method, URI uri, byte[] body, Duration timeout) {
        PeerClient.Response r = peers.call(HttpMethod.valueOf(method), uri.toString(),
                body == null ? Map.of() : JSON, body == null ? null : Buffer.buffer(body));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return new Answer(r.status(), headers, r.body() == null ? new byte[0] : r.body().getBytes());
    }
}
