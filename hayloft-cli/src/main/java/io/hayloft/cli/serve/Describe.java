package io.hayloft.cli.serve;

import io.hayloft.security.SecurityConfig;
import io.hayloft.volume.VolumeServerConfig;
import java.util.ArrayList;
import java.util.List;

/** How the server commands describe what they started. */
final class Describe {
    private Describe() {
    }

    /**
     * {@code host:port} as the URL a client reaches it at: {@code https://host:port} when {@code security} has
     * {@code [tls]} (every listener then serves HTTPS only), else {@code http://host:port}; a URL with a scheme
     * stays as it is.
     */
    static String url(SecurityConfig security, String hostPort) {
        return hostPort.contains("://") ? hostPort : scheme(security) + "://" + hostPort;
    }

    /** {@code https} with {@code [tls]}, else {@code http}. */
    static String scheme(SecurityConfig security) {
        return security.tls().isPresent() ? "https" : "http";
    }

    /**
     * The line a server command ends its start with: a {@code curl} of the master's {@code /dir/assign} (over
     * HTTPS trusting the cluster's CA with {@code [tls]}) and an upload with the tool.
     */
    static String ready(SecurityConfig security, String host, int masterPort) {
        String curl = security.tls().map(t -> "curl --cacert " + t.ca() + " ").orElse("curl ");
        return "Ready. Try: " + curl + url(security, host + ":" + masterPort) + "/dir/assign   or   hayloft upload"
                + " -master " + host + ":" + masterPort + " FILE";
    }

    /** {@code /abs/d1 (7 volumes), /abs/d2 (5 volumes)}. */
    static String dirs(VolumeServerConfig config) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < config.dirs().size(); i++) {
            int max = config.maxVolumesOf(i);
            parts.add(config.dirs().get(i).toAbsolutePath().normalize()
                    + (max == 0 ? " (volume slots sized from free space)" : " (" + max + " volumes)"));
        }
        return String.join(", ", parts);
    }
}
