package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;

/**
 * A {@code host:port} address as masters name each other (HTTP or Raft).
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
     * Parses {@code host:port}.
     *
     * @param what names the value in the error message ("master address")
     * @throws HayloftException {@code BAD_REQUEST} naming {@code what} when malformed
     */
    public static HostPort parse(String address, String what) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        HayloftException.checkArgument(colon > 0 && colon < address.length() - 1,
                "invalid " + what + " '" + address + "': expected host:port");
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            HayloftException.checkArgument(port > 0 && port <= 65535,
                    "invalid " + what + " '" + address + "': port must be 1..65535");
            return new HostPort(address.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw HayloftException.badRequest("invalid " + what + " '" + address + "': bad port");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
