package io.hayloft.master.volumes;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.hayloft.master.ec.EcShardAdmin;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.vacuum.ReplicaGarbage;
import io.hayloft.master.vacuum.ReplicaVacuum;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import tools.jackson.databind.JsonNode;

/**
 * The master's calls to volume servers, over its Vert.x {@link PeerClient}s: allocate, delete, copy,
 * sync and mark ({@link VolumeServerAdmin}), erasure-coded shards ({@link EcShardAdmin}), compaction ({@link ReplicaVacuum}) and garbage checks
 * ({@link ReplicaGarbage}). Requests are built from {@link VolumeApi}. A refusal keeps the volume
 * server's error {@code code} (from its JSON body; from the status only when there is none), so the
 * caller acts on what the server meant, with two rules of the master's own: growth reports any refusal
 * that is not the server's own failure as NOT_ACCEPTABLE (as SeaweedFS answers an assign it cannot
 * grow for), and a failure to reach the server, or a 5xx, is UNAVAILABLE. Thread-safe.
 */
public final class VolumeServerClient implements VolumeServerAdmin, ReplicaVacuum, ReplicaGarbage, EcShardAdmin,
        io.hayloft.master.ec.EcGenerationAdmin {
    /** Codes a repair or a vacuum passes on as they are; any other refusal is the server's failure. */
    private static final Set<ErrorCode> KEPT = Set.of(ErrorCode.NOT_FOUND, ErrorCode.NOT_ACCEPTABLE,
            ErrorCode.CONFLICT, ErrorCode.VOLUME_NOT_WRITABLE, ErrorCode.BAD_REQUEST);

    private final PeerClient peers;
    private final PeerClient slowPeers;

    /**
     * @param peers     client for the short calls (allocate, delete, mark, garbage)
     * @param slowPeers client for copies, syncs and compactions, with a timeout long enough for a whole volume
     */
    public VolumeServerClient(PeerClient peers, PeerClient slowPeers) {
        this.peers = peers;
        this.slowPeers = slowPeers;
    }

    @Override
    public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
        growth(() -> call(peers, HttpMethod.POST, nodeUrl, VolumeApi.ALLOCATE.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.COLLECTION, key.collection())
                .param(VolumeApi.REPLICATION, key.replication())
                .param(VolumeApi.TTL, key.ttl())));
    }

    @Override
    public void delete(String nodeUrl, VolumeId id) {
        growth(() -> call(peers, HttpMethod.POST, nodeUrl, VolumeApi.DELETE_VOLUME.query().param(VolumeApi.VOLUME, id)));
    }

    @Override
    public long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps) {
        return count(call(slowPeers, HttpMethod.POST, targetUrl, VolumeApi.COPY_IN.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.SOURCE, sourceUrl).param(VolumeApi.MBPS, mbps)), "bytes");
    }

    @Override
    public long sync(String nodeUrl, VolumeId id) {
        return count(call(slowPeers, HttpMethod.POST, nodeUrl, VolumeApi.SYNC.query().param(VolumeApi.VOLUME, id)
                .flag(VolumeApi.APPLY, true)), "repaired");
    }

    @Override
    public void mark(String nodeUrl, VolumeId id, boolean readOnly) {
        call(peers, HttpMethod.POST, nodeUrl, VolumeApi.MARK.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.READONLY, readOnly));
    }

    @Override
    public long vacuum(String nodeUrl, VolumeId id) {
        return count(call(slowPeers, HttpMethod.POST, nodeUrl, VolumeApi.VACUUM.query().param(VolumeApi.VOLUME, id)),
                "bytesReclaimed");
    }

    @Override
    public double garbageRatio(String nodeUrl, VolumeId id) {
        JsonNode ratio = call(peers, HttpMethod.GET, nodeUrl, VolumeApi.GARBAGE.query().param(VolumeApi.VOLUME, id))
                .get("garbageRatio");
        if (ratio == null || !ratio.isNumber()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + nodeUrl
                    + " gave no garbage ratio for volume " + id);
        }
        return Math.clamp(ratio.asDouble(), 0.0, 1.0);
    }

    @Override
    public void encode(String nodeUrl, VolumeId id) {
        call(slowPeers, HttpMethod.POST, nodeUrl, VolumeApi.EC_ENCODE.query().param(VolumeApi.VOLUME, id));
    }

    @Override
    public void copy(String targetUrl, VolumeId id, String collection, String sourceUrl, SortedSet<Integer> shards) {
        call(slowPeers, HttpMethod.POST, targetUrl, VolumeApi.EC_COPY.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.COLLECTION, collection).param(VolumeApi.SOURCE, sourceUrl)
                .param(VolumeApi.SHARDS, shardList(shards)));
    }

    @Override
    public void delete(String nodeUrl, VolumeId id, SortedSet<Integer> shards) {
        call(peers, HttpMethod.POST, nodeUrl, VolumeApi.EC_DELETE.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.SHARDS, shardList(shards)));
    }

    @Override
    public void rebuild(String targetUrl, VolumeId id, String collection, SortedSet<Integer> shards,
                        String sourceUrl) {
        call(slowPeers, HttpMethod.POST, targetUrl, VolumeApi.EC_REBUILD.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.COLLECTION, collection).param(VolumeApi.SHARDS, shardList(shards))
                .paramIfSet(VolumeApi.SOURCE, sourceUrl));
    }

    @Override
    public void decode(String nodeUrl, VolumeId id) {
        call(slowPeers, HttpMethod.POST, nodeUrl, VolumeApi.EC_DECODE.query().param(VolumeApi.VOLUME, id));
    }

    @Override
    public Status status(String nodeUrl, VolumeId id) {
        JsonNode r = call(peers, HttpMethod.GET, nodeUrl, VolumeApi.EC_STATUS.query().param(VolumeApi.VOLUME, id));
        if (!r.has("generation")) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + nodeUrl
                    + " gave no generation for erasure-coded volume " + id);
        }
        java.util.List<Integer> generations = new java.util.ArrayList<>();
        r.path("generations").forEach(g -> generations.add(g.asInt()));
        return new Status(r.path("generation").asInt(), generations, r.path("needles").asLong(),
                r.path("live").asLong(), r.path("garbageRatio").asDouble(), r.path("shardSize").asLong());
    }

    @Override
    public void compact(String nodeUrl, VolumeId id, int generation) {
        call(slowPeers, HttpMethod.POST, nodeUrl, VolumeApi.EC_COMPACT.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.GENERATION, generation));
    }

    @Override
    public void copy(String targetUrl, VolumeId id, String collection, String sourceUrl, SortedSet<Integer> shards,
                     int generation) {
        call(slowPeers, HttpMethod.POST, targetUrl, VolumeApi.EC_COPY.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.COLLECTION, collection).param(VolumeApi.SOURCE, sourceUrl)
                .param(VolumeApi.SHARDS, shardList(shards)).param(VolumeApi.GENERATION, generation));
    }

    @Override
    public void delete(String nodeUrl, VolumeId id, SortedSet<Integer> shards, int generation) {
        call(peers, HttpMethod.POST, nodeUrl, VolumeApi.EC_DELETE.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.SHARDS, shardList(shards)).param(VolumeApi.GENERATION, generation));
    }

    @Override
    public void commit(String nodeUrl, VolumeId id, int generation) {
        call(peers, HttpMethod.POST, nodeUrl, VolumeApi.EC_COMMIT.query().param(VolumeApi.VOLUME, id)
                .param(VolumeApi.GENERATION, generation));
    }

    private static String shardList(SortedSet<Integer> shards) {
        return shards.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** Growth's rule: what the server refused (not failed at) is NOT_ACCEPTABLE to whoever asked to grow. */
    private static void growth(Runnable call) {
        try {
            call.run();
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.UNAVAILABLE || e.code().httpStatus() >= 500) {
                throw e;
            }
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, e.getMessage(), e);
        }
    }

    private static JsonNode call(PeerClient client, HttpMethod method, String nodeUrl, PathQuery request) {
        PeerClient.Response r = client.call(method, request.url(nodeUrl), Map.of(), null);
        if (!r.ok()) {
            ErrorCode code = r.errorCode();
            String detail;
            try {
                detail = r.json(io.hayloft.api.wire.ErrorResponse.class).error();
            } catch (RuntimeException e) {
                detail = r.bodyAsString();
            }
            throw new HayloftException(KEPT.contains(code) ? code : ErrorCode.UNAVAILABLE, "volume server " + nodeUrl
                    + " refused " + method + " " + request.pathAndQuery() + ": " + r.status() + " " + detail);
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
