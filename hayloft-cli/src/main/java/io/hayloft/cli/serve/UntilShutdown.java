package io.hayloft.cli.serve;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps servers running until the JVM is asked to stop (SIGINT, SIGTERM), then closes them. */
final class UntilShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(UntilShutdown.class);

    private UntilShutdown() {
    }

    /**
     * Registers a shutdown hook that closes {@code servers} in reverse order (the last started first)
     * and blocks the calling thread until that hook has run. Never returns normally before the JVM
     * begins to exit.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    static void await(List<? extends AutoCloseable> servers) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(servers);
            closed.countDown();
        }, "hayloft-shutdown"));
        closed.await();
    }

    /** Closes {@code servers} last first; a failure to close one is logged and the others still close. */
    static void closeAll(List<? extends AutoCloseable> servers) {
        for (AutoCloseable server : servers.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", server, e.toString());
            }
        }
    }
}
