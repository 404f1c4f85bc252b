package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;
import java.net.InetAddress;

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
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

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
        int colon = address == null ? -1 : address.lastIndexOf(':');
        HayloftException.checkArgument(colon > 0 && colon < address.length() - 1,
                "invalid " + what + " '" + address + "': expected host:port");
        String portText = address.substring(colon + 1);
        HayloftException.checkArgument(portText.length() <= 5 && portText.chars().allMatch(c -> c >= '0' && c <= '9'),
                "invalid " + what + " '" + address + "': bad port");
        int port = Integer.parseInt(portText);
        HayloftException.checkArgument(port > 0 && port <= 65535,
                "invalid " + what + " '" + address + "': port must be 1..65535");
        String host = address.substring(0, colon);
        HayloftException.checkArgument(isValidHost(host), "invalid " + what + " '" + address
                + "': the host must be a host name or an IP address");
        return new HostPort(host, port);
    }

    /** True for a DNS host name, an IPv4 literal or a bracketed IPv6 literal. Pure; any thread. */
    public static boolean isValidHost(String host) {
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            String literal = host.substring(1, host.length() - 1);
            return literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                    && isLiteral(literal);
        }
        if (host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            return host.split("\\.", -1).length == 4 && isLiteral(host);
        }
        return isHostName(host);
    }

    private static boolean isHostName(String host) {
        if (host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-'
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteral(String literal) {
        try {
            InetAddress.ofLiteral(literal);
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
