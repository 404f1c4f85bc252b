package io.hayloft.client;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.net.URI;

/** Turns the {@code host:port} addresses servers hand out into request URIs. */
final class Endpoints {
    private Endpoints() {
    }

    /** {@code "localhost:8080"} or {@code "http://localhost:8080/"} becomes {@code "http://localhost:8080"}. */
    static String base(String address) {
        HayloftException.checkArgument(address != null && !address.isBlank(), "server address is required");
        String a = address.strip();
        if (!a.startsWith("http://") && !a.startsWith("https://")) {
            a = "http://" + a;
        }
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    /** {@code base(address) + pathAndQuery}; {@code pathAndQuery} starts with a slash. */
    static URI uri(String address, String pathAndQuery) {
        try {
            return URI.create(base(address) + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("invalid server address '" + address + "': " + e.getMessage());
        }
    }

    /** The blob's URI on a volume server. */
    static URI blob(String volumeAddress, FileId fid) {
        return uri(volumeAddress, "/" + fid);
    }
}
