package io.hayloft.cli.serve;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Checks and conversions the server commands share. Option checks fail with BAD_REQUEST (usage
 * errors); {@link #requireFree} fails with UNAVAILABLE (an operation failure).
 */
final class ServeOptions {
    /** SeaweedFS puts the gRPC (here: Raft) port at HTTP port + 10000. */
    static final int RAFT_PORT_OFFSET = 10000;

    private ServeOptions() {
    }

    static void requirePort(int port, String option) {
        HayloftException.checkArgument(port >= 0 && port <= 65535, option + " must be 0..65535, got " + port);
    }

    /** The default Raft port for HTTP port {@code port}: {@code port + 10000}, or 0 (any) when {@code port} is 0. */
    static int raftPortFor(int port) {
        if (port == 0) {
            return 0;
        }
        HayloftException.checkArgument(port + RAFT_PORT_OFFSET <= 65535,
                "the Raft port defaults to HTTP port + " + RAFT_PORT_OFFSET + ", above 65535 for " + port
                        + ": set -port.raft");
        return port + RAFT_PORT_OFFSET;
    }

    static Duration seconds(int seconds, String option) {
        HayloftException.checkArgument(seconds > 0, option + " must be positive, got " + seconds);
        return Duration.ofSeconds(seconds);
    }

    static long megabytes(long mb, String option) {
        HayloftException.checkArgument(mb > 0 && mb <= Long.MAX_VALUE >> 20, option + " must be positive, got " + mb);
        return mb << 20;
    }

    /**
     * Fails clearly when {@code bindHost:port} cannot be listened on, before a server half-starts (Ratis
     * would otherwise log a stack trace and exit the JVM). Port 0 (any free port) always passes.
     */
    static void requireFree(String bindHost, int port, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(bindHost, port));
        } catch (IOException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE,
                    "cannot listen on " + bindHost + ":" + port + " (" + option + "): " + e.getMessage());
        }
    }
}
