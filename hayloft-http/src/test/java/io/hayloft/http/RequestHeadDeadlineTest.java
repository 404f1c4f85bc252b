package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slowly dribbled request head is cut at the deadline even though bytes keep coming; an idle kept-alive
 * connection and a slow body are not; whole heads, one after another on one connection, are served.
 */
class RequestHeadDeadlineTest {
    private static final Duration DEADLINE = Duration.ofMillis(400);
    private static Vertx vertx;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setHttp2ClearTextEnabled(false)) // as HttpServerHandle: h2c delays the connection handler
                .connectionHandler(c -> RequestHeadDeadline.install(c, DEADLINE))
                .requestHandler(req -> req.body().onSuccess(b -> req.response().end("got " + b.length())))
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void aHeadDribbledPastTheDeadlineIsCutWhileBytesKeepComing() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("GET /slow HTTP/1.1\r\nHost: a\r\n"));
            long start = System.nanoTime();
            long giveUp = start + Duration.ofSeconds(10).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < giveUp) {
                pace(Duration.ofMillis(50));
                try {
                    out.write(ascii("X-Drip: y\r\n"));
                    out.flush();
                } catch (IOException e) {
                    closed = true; // the server closed the connection (a reset on a later write)
                }
            }
            assertThat(closed).as("the connection was closed while the head still dribbled in").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
        }
    }

    @Test
    void idleKeptAliveConnectionsSlowBodiesAndPipelinedHeadsAreServed() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(ascii("GET /one HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readAnswer(in)).contains("got 0");

            // idle between requests for longer than the deadline: still open
            pace(DEADLINE.multipliedBy(3));
            // a body sent slowly, over several deadlines
            out.write(ascii("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n"));
            for (int i = 0; i < 6; i++) {
                out.write('x');
                out.flush();
                pace(DEADLINE.dividedBy(2));
            }
            assertThat(readAnswer(in)).contains("got 6");

            // two heads in one write
            out.write(ascii("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readAnswer(in)).contains("got 0");
            assertThat(readAnswer(in)).contains("got 0");
        }
    }

    /** The client's own pace (how slowly it sends), not a wait for the server. */
    private static void pace(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** One answer with a Content-Length body, read to its end. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head + "<closed>";
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
