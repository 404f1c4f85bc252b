package io.hayloft.master.growth;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.hayloft.master.topology.LayoutKey;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * {@link VolumeServerAdmin} over HTTP: {@code POST /admin/volume/allocate?volume=&collection=&replication=&ttl=},
 * {@code /admin/volume/delete?volume=}, {@code /admin/volume/copy?volume=&source=&mbps=},
 * {@code /admin/volume/sync?volume=&apply=true} and {@code /admin/volume/mark?volume=&readonly=} on
 * the volume server. Copies and syncs go through a client whose timeout covers a whole volume.
 * Thread-safe.
 */
public final class HttpVolumeServerAdmin implements VolumeServerAdmin {
    private final PeerClient peers;
    private final PeerClient slowPeers;

    /** One client for every call. */
    public HttpVolumeServerAdmin(PeerClient peers) {
        this(peers, peers);
    }

    /**
     * @param peers     client for the short calls (allocate, delete, mark)
     * @param slowPeers client for copies and syncs, with a timeout long enough for a whole volume
     */
    public HttpVolumeServerAdmin(PeerClient peers, PeerClient slowPeers) {
        this.peers = peers;
        this.slowPeers = slowPeers;
    }

    @Override
    public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
        post(peers, nodeUrl, VolumeApi.ALLOCATE.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.COLLECTION, key.collection())
                .param(VolumeApi.REPLICATION, key.replication())
                .param(VolumeApi.TTL, key.ttl()), HttpVolumeServerAdmin::growthCode);
    }

    @Override
    public void delete(String nodeUrl, VolumeId id) {
        post(peers, nodeUrl, VolumeApi.DELETE_VOLUME.query().param(VolumeApi.VOLUME, id),
                HttpVolumeServerAdmin::growthCode);
    }

    @Override
    public long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps) {
        return count(post(slowPeers, targetUrl, VolumeApi.COPY_IN.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.SOURCE, sourceUrl).param(VolumeApi.MBPS, mbps), HttpVolumeServerAdmin::repairCode), "bytes");
    }

    @Override
    public long sync(String nodeUrl, VolumeId id) {
        return count(post(slowPeers, nodeUrl, VolumeApi.SYNC.query().param(VolumeApi.VOLUME, id)
                .flag(VolumeApi.APPLY, true), HttpVolumeServerAdmin::repairCode), "repaired");
    }

    @Override
    public void mark(String nodeUrl, VolumeId id, boolean readOnly) {
        post(peers, nodeUrl, VolumeApi.MARK.query().param(VolumeApi.VOLUME, id).param(VolumeApi.READONLY, readOnly),
                HttpVolumeServerAdmin::repairCode);
    }

    /** Growth reports every refusal below 500 as 406, as SeaweedFS answers assign failures. */
    private static ErrorCode growthCode(int status) {
        return status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.NOT_ACCEPTABLE;
    }

    /** Repairs keep the answers the caller can act on; any other failure is the server's (503). */
    private static ErrorCode repairCode(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 409 -> ErrorCode.CONFLICT;
            default -> ErrorCode.UNAVAILABLE;
        };
    }

    private static JsonNode post(PeerClient client, String nodeUrl, PathQuery call, IntFunction<ErrorCode> codes) {
        String pathAndQuery = call.pathAndQuery();
        PeerClient.Response r = client.call(HttpMethod.POST, call.url(nodeUrl), Map.of(), null);
        if (!r.ok()) {
            String detail;
            try {
                detail = r.json(ErrorResponse.class).error();
            } catch (HayloftException e) {
                detail = r.bodyAsString();
            }
            throw new HayloftException(codes.apply(r.status()),
                    "volume server " + nodeUrl + " refused " + pathAndQuery + ": " + r.status() + " " + detail);
        }
        if (r.body() == null || r.body().length() == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return r.json(JsonNode.class);
        } catch (HayloftException e) {
            // the call succeeded; an unreadable answer only loses its counters
            return Json.MAPPER.createObjectNode();
        }
    }

    /** A counter of the answer, 0 when absent. */
    private static long count(JsonNode answer, String field) {
        JsonNode n = answer.get(field);
        return n == null ? 0 : n.asLong();
    }
}
