package io.hayloft.client;

import io.hayloft.api.wire.HttpTransport;
import io.hayloft.security.InternalTransport;
import io.hayloft.security.PemFiles;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsTransport;
import java.time.Duration;

/**
 * The JDK transport of a tool that holds {@code security.toml} (the shell, {@code hayloft upload}, {@code fs}):
 * with {@code [tls]}, HTTPS to every role, trusting the cluster's CA (and showing this node's certificate with
 * mutual TLS); with {@code [internal]}, the internal token on every call. Without either, a plain
 * {@link JdkHttpTransport}.
 */
public final class SecureTransports {
    private SecureTransports() {
    }

    /** A JDK transport set up as {@code security} asks; the caller closes it. */
    public static HttpTransport jdk(Duration connectTimeout, SecurityConfig security) {
        HttpTransport transport = new JdkHttpTransport(connectTimeout,
                security.tls().map(PemFiles::clientContext).orElse(null));
        if (security.tls().isPresent()) {
            transport = new TlsTransport(transport);
        }
        return InternalTransport.wrap(transport, security);
    }
}
