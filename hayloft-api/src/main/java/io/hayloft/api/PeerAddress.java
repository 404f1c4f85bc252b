package io.hayloft.api;


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
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

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

    /**
     * True for a DNS host name (dot-separated labels of 1–63 letters, digits, {@code -} and {@code _},
     * not starting or ending with {@code -}; 253 characters at most), an IPv4 dotted quad, or an IPv6
     * literal (bracketed or not). Never a DNS lookup; pure, any thread.
     */
    public static boolean isHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            boolean bracketed = host.startsWith("[");
            if (bracketed != host.endsWith("]")) {
                return false;
            }
            String literal = bracketed ? host.substring(1, host.length() - 1) : host;
            return literal.length() >= 2
                    && literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
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
                    || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteral(String literal) {
        try {
            java.net.InetAddress.ofLiteral(literal);
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
