package io.hayloft.http;

import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [tls]} for Vert.x: a listener serves HTTPS with the node's PEM certificate and key (and, with mutual
 * TLS, asks callers for a certificate the cluster's CA signed); a peer client trusts that CA (and shows the
 * node's certificate with mutual TLS). {@link #watch} reads the files again when they change, so a renewed
 * certificate is served without a restart. Thread-safe.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** How often the PEM files are checked for a change: three {@code stat} calls. */
    public static final long RELOAD_CHECK_MS = 2000;

    private final TlsFiles files;

    private ServerTls(TlsFiles files) {
        this.files = files;
    }

    /** The TLS of {@code security}, if it has {@code [tls]}. */
    public static Optional<ServerTls> of(SecurityConfig security) {
        return security.tls().map(ServerTls::new);
    }

    /** Whether roles must show certificates to each other. */
    public boolean mutual() {
        return files.mutual();
    }

    /** {@code options} set to serve HTTPS (with OpenSSL when it is on the class path, see {@link #engine()}). */
    public HttpServerOptions apply(HttpServerOptions options) {
        ServerSSLOptions ssl = serverOptions();
        return options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions()).setTrustOptions(ssl.getTrustOptions())
                .setClientAuth(ssl.getClientAuth()).setSslEngineOptions(engine());
    }

    /**
     * The TLS implementation listeners and peer clients use: OpenSSL (BoringSSL) through Netty when
     * {@code netty-tcnative-boringssl-static} loads (Hayloft ships it for Linux x86-64: the JDK's engine cost 1.6–1.8
     * times the server CPU per small request of plain HTTP, OpenSSL 1.1–1.3 times), else the JDK's. Netty's
     * {@code -Dio.netty.handler.ssl.noOpenSsl=true} forces the JDK's.
     */
    public static SSLEngineOptions engine() {
        return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    }

    /** The listener's TLS options as the files are now. */
    public ServerSSLOptions serverOptions() {
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(keyCert());
        if (files.mutual()) {
            // REQUEST: clients without a certificate (curl, applications) still connect; the routes only roles call
            // refuse them (RoleGuard), a certificate the CA did not sign fails the handshake
            ssl.setTrustOptions(trust()).setClientAuth(ClientAuth.REQUEST);
        }
        return ssl;
    }

    /** A peer client's TLS options as the files are now. */
    public ClientSSLOptions clientOptions() {
        ClientSSLOptions ssl = new ClientSSLOptions().setTrustOptions(trust()).setHostnameVerificationAlgorithm("HTTPS");
        if (files.mutual()) {
            ssl.setKeyCertOptions(keyCert());
        }
        return ssl;
    }

    private PemKeyCertOptions keyCert() {
        return new PemKeyCertOptions().setCertPath(files.cert().toString()).setKeyPath(files.key().toString());
    }

    private PemTrustOptions trust() {
        return new PemTrustOptions().addCertPath(files.ca().toString());
    }

    /**
     * Calls {@code reload} on a Vert.x timer whenever one of the PEM files changed since the last check, until
     * {@code vertx} closes. Failures to read the files are logged and the old certificate stays in use.
     *
     * @return the timer's id
     */
    public long watch(Vertx vertx, Consumer<ServerTls> reload) {
        List<FileTime> seen = stamps();
        Object[] last = {seen};
        return vertx.setPeriodic(RELOAD_CHECK_MS, id -> {
            List<FileTime> now = stamps();
            if (!now.equals(last[0])) {
                last[0] = now;
                try {
                    reload.accept(this);
                    LOG.info("TLS certificate {} changed: reloaded", files.cert());
                } catch (RuntimeException e) {
                    LOG.warn("TLS certificate {} changed but cannot be loaded, the old one stays: {}", files.cert(),
                            e.toString());
                }
            }
        });
    }

    private List<FileTime> stamps() {
        return java.util.stream.Stream.of(files.ca(), files.cert(), files.key()).map(ServerTls::modified).toList();
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
