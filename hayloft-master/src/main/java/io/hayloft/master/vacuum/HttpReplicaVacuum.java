package io.hayloft.master.vacuum;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.http.PeerClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@link ReplicaVacuum} over HTTP: {@code POST /admin/volume/vacuum?volume=N} on the volume
 * server, which answers when the compaction is done. Use a client whose timeout covers the
 * compaction of a full volume. Thread-safe.
 */
public final class HttpReplicaVacuum implements ReplicaVacuum {
    private final PeerClient peers;

    /** @param peers a client with a timeout long enough for a whole compaction */
    public HttpReplicaVacuum(PeerClient peers) {
        this.peers = peers;
    }

    @Override
    public long vacuum(String nodeUrl, VolumeId id) {
        PeerClient.Response r = peers.call(HttpMethod.POST,
                VolumeApi.VACUUM.query().param(VolumeApi.VOLUME, id).url(nodeUrl), Map.of(), null);
        if (!r.ok()) {
            String detail;
            try {
                detail = r.json(ErrorResponse.class).error();
            } catch (HayloftException e) {
                detail = r.bodyAsString();
            }
            throw new HayloftException(r.status() == 409 ? ErrorCode.CONFLICT : ErrorCode.UNAVAILABLE,
                    "volume server " + nodeUrl + " did not compact volume " + id + ": " + r.status() + " " + detail);
        }
        JsonNode reclaimed = r.json(JsonNode.class).get("bytesReclaimed");
        return reclaimed == null ? 0 : reclaimed.asLong();
    }
}
