package io.hayloft.client;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.wire.VolumeApi;
import java.net.URI;

/** Turns the {@code host:port} addresses servers hand out into request URIs. */
final class Endpoints {
    private Endpoints() {
    }

    /** {@code "localhost:8080"} or {@code "http://localhost:8080/"} becomes {@code "http://localhost:8080"}. */
    static String base(String address) {
        HayloftException.checkArgument(address != null && !address.isBlank(), "server address is required");
        return PathQuery.base(address);
    }

    /** {@code request} on the server at {@code address}. */
    static URI uri(String address, PathQuery request) {
        try {
            return URI.create(base(address) + request.pathAndQuery());
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("invalid server address '" + address + "': " + e.getMessage());
        }
    }

    /** The blob's URI on a volume server. */
    static URI blob(String volumeAddress, FileId fid) {
        return uri(volumeAddress, VolumeApi.BLOB.at(fid.toString()));
    }
}
