package io.hayloft.master.raft;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Whether a host name or address names this machine: {@code localhost}, a loopback or wildcard
 * address, or any address of one of its network interfaces (so the host's own names resolve to
 * it). Used to find this master in {@code -peers} whatever spelling the operator chose.
 */
final class LocalHost {
    private LocalHost() {
    }

    /**
     * True when {@code host} resolves to an address of this machine. Blocks on name resolution
     * (the system resolver's timeout); a name that does not resolve is not local.
     */
    static boolean isLocal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress a : InetAddress.getAllByName(bare)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /** True when {@code host} resolves only to loopback addresses (other machines cannot reach it). */
    static boolean isLoopbackOnly(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress a : InetAddress.getAllByName(bare)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
