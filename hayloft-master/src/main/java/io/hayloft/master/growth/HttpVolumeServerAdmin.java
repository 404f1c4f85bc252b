package io.hayloft.master.growth;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.http.PeerClient;
import io.hayloft.master.topology.LayoutKey;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link VolumeServerAdmin} over HTTP: {@code POST /admin/volume/allocate?volume=&collection=&replication=&ttl=}
 * and {@code POST /admin/volume/delete?volume=} on the volume server. Thread-safe.
 */
public final class HttpVolumeServerAdmin implements VolumeServerAdmin {
    private final PeerClient peers;

    public HttpVolumeServerAdmin(PeerClient peers) {
        this.peers = peers;
    }

    @Override
    public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
        post(nodeUrl, "/admin/volume/allocate?volume=" + id.value()
                + "&collection=" + encode(key.collection())
                + "&replication=" + key.replication()
                + "&ttl=" + encode(key.ttl().toString()));
    }

    @Override
    public void delete(String nodeUrl, VolumeId id) {
        post(nodeUrl, "/admin/volume/delete?volume=" + id.value());
    }

    private void post(String nodeUrl, String pathAndQuery) {
        PeerClient.Response r = peers.call(HttpMethod.POST, "http://" + nodeUrl + pathAndQuery, Map.of(), null);
        if (!r.ok()) {
            String detail;
            try {
                detail = r.json(ErrorResponse.class).error();
            } catch (HayloftException e) {
                detail = r.bodyAsString();
            }
            throw new HayloftException(r.status() >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.NOT_ACCEPTABLE,
                    "volume server " + nodeUrl + " refused " + pathAndQuery + ": " + r.status() + " " + detail);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
