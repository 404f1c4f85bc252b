package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link EventLoops}: on Linux x86-64 the roles run on Netty's epoll transport, as the distribution ships it. */
class EventLoopsTest {
    @Test
    void linuxRolesRunOnTheEpollTransport() throws Exception {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")), "epoll ships for Linux x86-64 only");
        Vertx vertx = EventLoops.create(1);
        try {
            assertThat(EventLoops.nativeTransport(vertx)).as("epoll native transport loaded").isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
