package io.hayloft.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.Run;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.http.ServerTls;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BenchTls} under {@link BenchConnection}: requests and answers of one record and of many go both ways
 * over one kept-alive TLS connection to a role's listener, byte-exact, and a server whose certificate another CA
 * signed is refused at the handshake.
 */
class BenchTlsTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void smallAndLargeExchangesOnOneKeptAliveConnectionAreByteExact() throws Exception {
        SecurityConfig security = init(dir.resolve("sec"));
        int port = echoServer(security);
        byte[] large = new byte[300_000];
        new Random(7).nextBytes(large);
        try (BenchConnection c = new BenchConnection("127.0.0.1", port, BenchTls.of(security.tls().orElseThrow()))) {
            for (int i = 0; i < 50; i++) {
                byte[] small = ("request " + i).getBytes();
                assertThat(c.exchange("POST", "/echo", "application/octet-stream", small, small.length)).isEqualTo(200);
                assertThat(Arrays.copyOf(c.body(), c.bodyLength())).isEqualTo(small);
            }
            assertThat(c.exchange("POST", "/echo", "application/octet-stream", large, large.length)).isEqualTo(200);
            assertThat(Arrays.copyOf(c.body(), c.bodyLength())).isEqualTo(large);
            assertThat(c.exchange("GET", "/echo", null, null, 0)).isEqualTo(200);
            assertThat(c.bodyLength()).isZero();
        }
    }

    @Test
    void aServerTheClusterCaDidNotSignIsRefused() throws Exception {
        int port = echoServer(init(dir.resolve("server")));
        TlsFiles otherCa = init(dir.resolve("client")).tls().orElseThrow();
        try (BenchConnection c = new BenchConnection("127.0.0.1", port, BenchTls.of(otherCa))) {
            assertThatThrownBy(() -> c.exchange("GET", "/echo", null, null, 0)).isInstanceOf(IOException.class);
        }
    }

    /** An HTTPS listener (the roles' TLS setup) that answers each request with its body. */
    private int echoServer(SecurityConfig security) throws Exception {
        HttpServerOptions options = ServerTls.of(security).orElseThrow().apply(new HttpServerOptions()
                .setHost("127.0.0.1").setPort(0));
        HttpServer server = vertx.createHttpServer(options).requestHandler(req -> req.body()
                .onSuccess(body -> req.response().end(body == null ? Buffer.buffer() : body)))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private static SecurityConfig init(Path sec) {
        Run run = Run.hayloft("security", "init", sec.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return SecurityFile.read(sec.resolve(SecurityFile.NAME), Clock.systemUTC());
    }
}
