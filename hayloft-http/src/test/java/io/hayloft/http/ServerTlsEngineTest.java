package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.net.OpenSSLEngineOptions;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerTls#engine()}: on Linux x86-64 the roles' TLS runs on OpenSSL (BoringSSL through
 * {@code netty-tcnative-boringssl-static}, which the distribution ships), not on the JDK's engine, which cost
 * about 1.6 times the server CPU per small request (docs/benchmarks.md, issue 14).
 */
class ServerTlsEngineTest {
    @Test
    void linuxRolesSpeakTlsThroughOpenSsl() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "netty-tcnative ships for Linux x86-64 only");
        assertThat(OpenSSLEngineOptions.isAvailable()).as("netty-tcnative's BoringSSL loaded").isTrue();
        assertThat(ServerTls.engine()).isInstanceOf(OpenSSLEngineOptions.class);
    }
}
