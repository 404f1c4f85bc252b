package io.hayloft.api;

import java.util.regex.Pattern;

/**
 * The {@code host:port} of another server named in a request or a setting (a copy's source, a
 * replica, a master). Checked before any connection is attempted, so a bad one is a clear 400 and
 * never a call that cannot complete.
 *
 * @param host a host name ({@code vol-1.dc1}; {@code _} allowed, as container names use it), an IPv4
 *             address, or an IPv6 address (in brackets or not)
 * @param port 1..65535
 */
public record PeerAddress(String host, int port) {
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]{2,45}]?");

    public PeerAddress {
        HayloftException.checkArgument(host != null && isHost(host), "invalid host '" + host + "'");
        HayloftException.checkArgument(port > 0 && port <= 65535, "port must be 1..65535, got " + port);
    }

    /**
     * Parses {@code host:port}.
     *
     * @param what names the value in the error message ("parameter 'source'")
     * @throws HayloftException {@code BAD_REQUEST} naming {@code what} and the rule broken
     */
    public static PeerAddress parse(String address, String what) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        HayloftException.checkArgument(colon > 0 && colon < address.length() - 1 && colon >= address.length() - 6,
                what + " must be host:port, got '" + address + "'");
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        HayloftException.checkArgument(port.chars().allMatch(c -> c >= '0' && c <= '9'),
                what + " must be host:port with a numeric port, got '" + address + "'");
        int p = Integer.parseInt(port);
        HayloftException.checkArgument(p > 0 && p <= 65535, what + ": port must be 1..65535, got '" + address + "'");
        HayloftException.checkArgument(isHost(host), what + ": '" + host + "' is not a host name or IP address");
        return new PeerAddress(host, p);
    }

    /** A host name or IPv4 address, or an IPv6 literal (bracketed or not); never a DNS lookup. */
    private static boolean isHost(String host) {
        if (host.indexOf(':') < 0) {
            return HOST_NAME.matcher(host).matches();
        }
        if (!IPV6.matcher(host).matches() || host.startsWith("[") != host.endsWith("]")) {
            return false;
        }
        try {
            java.net.InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
