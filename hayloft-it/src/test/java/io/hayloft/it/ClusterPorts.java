package io.hayloft.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports picked up front, for masters in a group: every master must know every other's HTTP
 * port (and raft port = HTTP port + 10000) before any of them starts, so ephemeral ports will not
 * do. A port is taken only when both it and its raft port are free now.
 */
final class ClusterPorts {
    private static final int RAFT_OFFSET = 10000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private ClusterPorts() {
    }

    /** A port p in 20000..54999 with p and p + 10000 free on loopback, never handed out before in this JVM. */
    static synchronized int masterPort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int p = 20000 + ThreadLocalRandom.current().nextInt(35000);
            if (!HANDED_OUT.contains(p) && free(p) && free(p + RAFT_OFFSET)) {
                HANDED_OUT.add(p);
                return p;
            }
        }
        throw new IllegalStateException("no free master port pair found");
    }

    /** Any free port. */
    static int anyPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
