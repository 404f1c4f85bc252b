package io.hayloft.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** {@link MasterTransport} on the client's JDK {@link Transport}. Thread-safe. */
final class JdkMasterTransport implements MasterTransport {
    private final Transport transport;

    JdkMasterTransport(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Answer send(String method, URI uri, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        Reply reply = transport.send(b.build());
        return new Answer(reply.status(), reply.headers().map(), reply.body());
    }
}
