package io.hayloft.security;

import io.hayloft.api.wire.HttpTransport;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link HttpTransport} that adds the cluster's internal token ({@link InternalTokens#HEADER}) to every
 * request: how the shell, {@code hayloft upload} and the other tools that hold {@code security.toml} reach
 * the admin routes of masters and volume servers over the JDK transport. (Servers add it in their Vert.x
 * peer client.) Thread-safe when the wrapped transport is.
 */
public final class InternalTransport implements HttpTransport {
    private final HttpTransport inner;
    private final InternalTokens tokens;

    public InternalTransport(HttpTransport inner, InternalTokens tokens) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** {@code transport} with the internal token added when {@code security} has an internal key, else itself. */
    public static HttpTransport wrap(HttpTransport transport, SecurityConfig security) {
        return security.internal().<HttpTransport>map(t -> new InternalTransport(transport, t)).orElse(transport);
    }

    @Override
    public Response open(Request request) {
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put(InternalTokens.HEADER, tokens.token());
        return inner.open(new Request(request.method(), request.uri(), headers, request.body(), request.timeout()));
    }

    @Override
    public void close() {
        inner.close();
    }
}
