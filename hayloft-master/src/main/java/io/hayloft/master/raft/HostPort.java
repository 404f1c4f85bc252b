package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;
import io.hayloft.api.PeerAddress;

/**
 * A {@code host:port} address as masters name each other (HTTP or Raft) and as the master names
 * volume servers. The host is a DNS host name (letters, digits and {@code -} in dot-separated
 * labels of 1–63 characters, 253 at most) or an IP literal (IPv4 dotted quad, IPv6 in brackets);
 * anything else — paths, percent escapes, spaces — is refused, since such a host can never be
 * reached and, once in the Raft configuration, would leave the group unable to commit.
 *
 * @param host host name or address, never blank
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
    public HostPort {
        HayloftException.checkArgument(host != null && !host.isBlank(), "host must not be blank");
        HayloftException.checkArgument(port > 0 && port <= 65535, "port must be 1..65535, got " + port);
    }

    /**
     * Parses {@code host:port} (IPv6: {@code [addr]:port}).
     *
     * @param what names the value in the error message ("master address")
     * @throws HayloftException {@code BAD_REQUEST} naming {@code what} when malformed: no port, a
     *                          port outside 1..65535, or a host that is neither a host name nor an IP literal
     */
    public static HostPort parse(String address, String what) {
        PeerAddress peer;
        try {
            peer = PeerAddress.parse(address, what);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("invalid " + what + " '" + address + "': " + e.getMessage());
        }
        HayloftException.checkArgument(isValidHost(peer.host()), "invalid " + what + " '" + address
                + "': an IPv6 host goes in brackets ([::1]:9333)");
        return new HostPort(peer.host(), peer.port());
    }

    /**
     * True for a host name or IP literal as {@link PeerAddress#isHost} accepts it, IPv6 in brackets
     * (the form Raft and URLs take). Pure; any thread.
     */
    public static boolean isValidHost(String host) {
        return PeerAddress.isHost(host) && (host.indexOf(':') < 0 || host.startsWith("["));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
