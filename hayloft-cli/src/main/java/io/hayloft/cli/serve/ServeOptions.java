package io.hayloft.cli.serve;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks the server commands share before starting: {@link #requireFree} fails with UNAVAILABLE (an
 * operation failure). Option values are checked by their settings ({@code io.hayloft.cli.settings}).
 */
final class ServeOptions {
    private ServeOptions() {
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
