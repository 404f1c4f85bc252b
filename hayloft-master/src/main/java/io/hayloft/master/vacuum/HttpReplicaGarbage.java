package io.hayloft.master.vacuum;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.PeerClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@link ReplicaGarbage} over HTTP: {@code GET /admin/volume/garbage?volume=N} on the volume
 * server, answered {@code {"volume","garbageRatio"}} from the volume's index at once. Thread-safe.
 */
public final class HttpReplicaGarbage implements ReplicaGarbage {
    private final PeerClient peers;

    /** @param peers a client with a short timeout (a garbage check reads counters, not the disk) */
    public HttpReplicaGarbage(PeerClient peers) {
        this.peers = peers;
    }

    @Override
    public double garbageRatio(String nodeUrl, VolumeId id) {
        PeerClient.Response r = peers.call(HttpMethod.GET,
                VolumeApi.GARBAGE.query().param(VolumeApi.VOLUME, id).url(nodeUrl), Map.of(), null);
        JsonNode ratio = r.ok() ? r.json(JsonNode.class).get("garbageRatio") : null;
        if (ratio == null || !ratio.isNumber()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + nodeUrl
                    + " gave no garbage ratio for volume " + id + ": " + r.status() + " " + r.bodyAsString());
        }
        return Math.clamp(ratio.asDouble(), 0.0, 1.0);
    }
}
