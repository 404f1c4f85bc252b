package io.hayloft.s3.http;

import io.hayloft.s3.Addressing;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where a client sent a request, as it sees it: the host (with a port other than its scheme's default)
 * its signature covers and its virtual-host bucket is read from, and the scheme. Behind a proxy that
 * rewrites {@code Host}, that is the proxy's {@code X-Forwarded-Host} (with {@code X-Forwarded-Port} and
 * {@code -Proto}), or else the gateway's {@code -externalUrl}. Immutable.
 *
 * @param host   {@code host[:port]}
 * @param scheme {@code http} or {@code https}
 */
record ClientHost(String host, String scheme) {
    /**
     * The client's host of {@code request}: {@code X-Forwarded-Host} when a proxy set it, else the request's
     * own {@code Host}; either is replaced by the external URL's host unless it names a bucket as a virtual
     * host. On any thread (reads request headers only).
     */
    static ClientHost of(HttpServerRequest request, Addressing addressing) {
        String own = request.getHeader("Host");
        if (own == null && request.authority() != null) {
            own = request.authority().toString();
        }
        String host = own;
        return of(name -> name.equalsIgnoreCase("Host") ? host : request.getHeader(name), request.isSSL(), addressing);
    }

    /**
     * {@link #of(HttpServerRequest, Addressing)} over a request's headers ({@code header} by name, any case)
     * and whether it came over TLS.
     */
    static ClientHost of(java.util.function.UnaryOperator<String> header, boolean tls, Addressing addressing) {
        String forwarded = first(header.apply("X-Forwarded-Host"));
        String proto = first(header.apply("X-Forwarded-Proto"));
        String scheme = proto != null ? proto.toLowerCase(java.util.Locale.ROOT) : tls ? "https" : "http";
        String host;
        if (forwarded != null) {
            String port = first(header.apply("X-Forwarded-Port"));
            host = port != null && forwarded.equals(Addressing.stripPort(forwarded))
                    && !port.equals(Integer.toString(Addressing.defaultPort(scheme))) ? forwarded + ":" + port : forwarded;
        } else {
            String own = header.apply("Host");
            host = own != null ? own.strip() : "";
        }
        if (addressing.externalUrl().isPresent() && addressing.bucketOf(host).isEmpty()) {
            return new ClientHost(addressing.externalHost().orElseThrow(), addressing.externalUrl().get().getScheme());
        }
        return new ClientHost(host, scheme);
    }

    /** The first of a comma-separated header's values (a proxy chain lists the client's first), or null. */
    private static String first(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        String v = (comma < 0 ? value : value.substring(0, comma)).strip();
        return v.isEmpty() ? null : v;
    }
}
