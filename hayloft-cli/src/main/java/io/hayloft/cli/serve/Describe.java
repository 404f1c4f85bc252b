package io.hayloft.cli.serve;

import io.hayloft.volume.VolumeServerConfig;
import java.util.ArrayList;
import java.util.List;

/** How the server commands describe what they started. */
final class Describe {
    private Describe() {
    }

    /** {@code host:port} as {@code http://host:port}; a URL with a scheme stays as it is. */
    static String http(String url) {
        return url.contains("://") ? url : "http://" + url;
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
