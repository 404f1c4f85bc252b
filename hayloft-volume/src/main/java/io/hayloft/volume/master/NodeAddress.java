package io.hayloft.volume.master;

/**
 * How this volume server presents itself to the master.
 *
 * @param ip         host other servers reach it at
 * @param port       its bound HTTP port
 * @param publicUrl  {@code host:port} for clients
 * @param dataCenter its data center
 * @param rack       its rack
 */
public record NodeAddress(String ip, int port, String publicUrl, String dataCenter, String rack) {
    /** {@code ip:port}, its identity in the topology. */
    public String url() {
        return ip + ":" + port;
    }
}
