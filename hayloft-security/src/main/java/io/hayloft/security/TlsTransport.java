package io.hayloft.security;

import io.hayloft.api.wire.HttpTransport;
import java.net.URI;
import java.util.Objects;

/**
 * An {@link HttpTransport} that sends every {@code http://} request as {@code https://}: with {@code [tls]},
 * every role listens on HTTPS only, while the typed clients build {@code http://} URLs from {@code host:port}
 * addresses. The wrapped transport must trust the cluster's CA ({@link PemFiles#clientContext}). Thread-safe
 * when the wrapped transport is.
 */
public final class TlsTransport implements HttpTransport {
    private final HttpTransport inner;

    public TlsTransport(HttpTransport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** {@code uri} with its scheme {@code https} when it was {@code http}. */
    public static URI secure(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return uri;
        }
        return URI.create("https" + uri.toString().substring(4));
    }

    @Override
    public Response open(Request request) {
        return inner.open(new Request(request.method(), secure(request.uri()), request.headers(), request.body(),
                request.timeout()));
    }

    @Override
    public void close() {
        inner.close();
    }
}
