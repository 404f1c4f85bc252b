package io.hayloft.client;

import io.hayloft.api.wire.HttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How {@link MasterClient} sends one request to one master: the JDK's HTTP client for applications
 * ({@link MasterClient#create(MasterClientConfig)}), a server's own Vert.x client inside Hayloft's roles
 * ({@link MasterClient#create(MasterClientConfig, MasterTransport)}), so that every call between roles
 * goes through Vert.x. The failover policy stays {@link MasterClient}'s. Implementations are thread-safe.
 */
public interface MasterTransport {
    /**
     * Sends {@code method uri} with {@code body} (null: none; else JSON) and reads the whole answer,
     * whatever its status. Redirects are not followed.
     *
     * @param timeout the whole exchange's deadline
     * @throws io.hayloft.api.HayloftException UNAVAILABLE when the master cannot be reached or the
     *                                         deadline passes
     */
    Answer send(String method, URI uri, byte[] body, Duration timeout);

    /**
     * The master calls over a role's {@link HttpTransport} (a server's Vert.x one, say): JSON bodies, whole
     * answers, every header value kept.
     */
    static MasterTransport over(HttpTransport transport) {
        return (method, uri, body, timeout) -> {
            HttpTransport.Answer a = transport.send(new HttpTransport.Request(method, uri,
                    body == null ? Map.of() : Map.of("Content-Type", "application/json"),
                    body == null ? null : new HttpTransport.Bytes(body), timeout));
            return new Answer(a.status(), a.headers().all(), a.body());
        };
    }

    /**
     * One whole answer.
     *
     * @param headers response headers, names in any case (looked up case-insensitively)
     */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }
}
