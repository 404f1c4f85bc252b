package io.hayloft.api.wire;

import static io.hayloft.api.wire.Endpoint.GET_OR_POST;
import static io.hayloft.api.wire.Endpoint.READ;
import static io.hayloft.api.wire.Endpoint.Method.GET;
import static io.hayloft.api.wire.Endpoint.Method.POST;

import java.util.List;
import java.util.Set;

/**
 * The master's HTTP API, defined once: {@code MasterRouter} registers these routes and every client
 * (the blob client, the volume server, the shell, other masters) builds its requests from them.
 * Answers are the records of this package; errors are {@link ErrorResponse}s, with {@code leader}
 * when the master knows who leads.
 */
public final class MasterApi {
    // parameter names
    public static final String COUNT = "count";
    public static final String COLLECTION = "collection";
    public static final String REPLICATION = "replication";
    public static final String TTL = "ttl";
    public static final String DATA_CENTER = "dataCenter";
    public static final String RACK = "rack";
    public static final String DATA_NODE = "dataNode";
    public static final String VOLUME_ID = "volumeId";
    public static final String FILE_ID = "fileId";
    public static final String ADDRESS = "address";
    public static final String RAFT_ADDRESS = "raftAddress";
    public static final String ID = "id";
    public static final String DEFAULT = "default";
    public static final String GARBAGE_THRESHOLD = "garbageThreshold";
    public static final String APPLY = "apply";
    public static final String VOLUME = "volume";
    public static final String SOURCE = "source";
    public static final String TARGET = "target";
    public static final String READONLY = "readonly";
    public static final String NODE = "node";
    public static final String REPORT = "report";
    public static final String PARTITION = "partition";
    /** {@code report=full}: the heartbeat carries a full report (see {@link #HEARTBEAT}). */
    public static final String FULL_REPORT = "full";

    /** What an assign (and a grow) may ask for; the disk and preallocation ones are accepted and ignored. */
    public static final Set<String> ASSIGN_PARAMS = Set.of(COUNT, COLLECTION, REPLICATION, TTL, DATA_CENTER, RACK,
            DATA_NODE, "preallocate", "memoryMapMaxSizeMb", "writableVolumeCount", "diskType", "disk");

    /** {@code /dir/assign}: reserve file ids → {@link AssignResponse}. Leader. */
    public static final Endpoint ASSIGN = new Endpoint("/dir/assign", Set.of(GET, POST), ASSIGN_PARAMS);
    /** {@code /dir/lookup?volumeId=} (or {@code fileId=}) → {@link LookupResponse}. Any master. */
    public static final Endpoint LOOKUP = Endpoint.of("/dir/lookup", GET_OR_POST, VOLUME_ID, FILE_ID, COLLECTION);
    /** {@code /dir/status}: the topology tree. */
    public static final Endpoint DIR_STATUS = Endpoint.of("/dir/status", READ);
    /** {@code /vol/status}: every volume by node. */
    public static final Endpoint VOL_STATUS = Endpoint.of("/vol/status", READ);
    /** {@code /cluster/status}: leader, peers and Raft state. */
    public static final Endpoint CLUSTER_STATUS = Endpoint.of("/cluster/status", READ);
    /** {@code POST /cluster/raft/add?address=[&raftAddress=&id=]}: add a master. Leader. */
    public static final Endpoint RAFT_ADD = Endpoint.of("/cluster/raft/add", POST, ADDRESS, RAFT_ADDRESS, ID);
    /** {@code POST /cluster/raft/remove?id=}: remove a master. Leader. */
    public static final Endpoint RAFT_REMOVE = Endpoint.of("/cluster/raft/remove", POST, ID);
    /** {@code /vol/grow}: grow volumes of a layout (assign's parameters). Leader. */
    public static final Endpoint GROW = new Endpoint("/vol/grow", GET_OR_POST, ASSIGN_PARAMS);
    /** {@code /col/delete?collection=} ({@code collection=&default=true} for the default one). Leader. */
    public static final Endpoint COLLECTION_DELETE = Endpoint.of("/col/delete", GET_OR_POST, COLLECTION, DEFAULT);
    /** {@code /vol/vacuum[?garbageThreshold=&collection=]}: compact volumes. Leader. */
    public static final Endpoint VACUUM = Endpoint.of("/vol/vacuum", GET_OR_POST, GARBAGE_THRESHOLD, COLLECTION);
    /** {@code POST /vol/fix/replication[?collection=&apply=true]}: plan (or apply) replica repairs. Leader. */
    public static final Endpoint FIX_REPLICATION = Endpoint.of("/vol/fix/replication", POST, APPLY, COLLECTION);
    /** {@code POST /vol/balance[?collection=&apply=true]}: plan (or apply) moves. Leader. */
    public static final Endpoint BALANCE = Endpoint.of("/vol/balance", POST, APPLY, COLLECTION);
    /** {@code POST /vol/move?volume=&source=&target=}: move one replica. Leader. */
    public static final Endpoint MOVE = Endpoint.of("/vol/move", POST, VOLUME, SOURCE, TARGET);
    /** {@code POST /vol/mark?volume=&readonly=[&node=]}: mark replicas read-only or writable. Leader. */
    public static final Endpoint MARK = Endpoint.of("/vol/mark", POST, VOLUME, READONLY, NODE);
    /** {@code POST /vol/delete?volume=[&node=]}: delete replicas of one volume. Leader. */
    public static final Endpoint VOLUME_DELETE = Endpoint.of("/vol/delete", POST, VOLUME, NODE);
    /**
     * {@code POST /vol/ec/encode?volume=[&collection=&apply=true]}: plan (or do) the erasure coding of one
     * volume: seal, encode, spread the 14 shards, verify, register, then delete the replicas. Leader.
     */
    public static final Endpoint EC_ENCODE = Endpoint.of("/vol/ec/encode", POST, VOLUME, COLLECTION, APPLY);
    /** {@code POST /vol/ec/rebuild[?collection=&apply=true]}: plan (or do) the rebuild of lost shards. Leader. */
    public static final Endpoint EC_REBUILD = Endpoint.of("/vol/ec/rebuild", POST, COLLECTION, APPLY);
    /**
     * {@code POST /vol/ec/decode?volume=[&collection=&apply=true]}: plan (or do) turning an erasure-coded volume
     * back into a replicated one. Leader.
     */
    public static final Endpoint EC_DECODE = Endpoint.of("/vol/ec/decode", POST, VOLUME, COLLECTION, APPLY);
    /**
     * {@code POST /vol/ec/balance[?collection=&apply=true]}: plan (or do) the shard moves that spread
     * erasure-coded volumes evenly over servers and racks. Leader.
     */
    public static final Endpoint EC_BALANCE = Endpoint.of("/vol/ec/balance", POST, COLLECTION, APPLY);
    /**
     * {@code POST /vol/ec/compact?volume=[&collection=&apply=true]}: plan (or do) the compaction of an erasure-coded
     * volume: a new generation of its shards without the deleted needles, committed on every holder. Leader.
     */
    public static final Endpoint EC_COMPACT = Endpoint.of("/vol/ec/compact", POST, VOLUME, COLLECTION, APPLY);
    /** {@code GET /col/list}: collections with their volumes, files and bytes. Leader. */
    public static final Endpoint COLLECTION_LIST = Endpoint.of("/col/list", GET);
    /** {@code POST /submit}: assign and upload in one call (multipart) → {@link SubmitResponse}. Leader. */
    public static final Endpoint SUBMIT = new Endpoint("/submit", Set.of(POST), Endpoint.without(ASSIGN_PARAMS, COUNT));
    /**
     * {@code POST /internal/heartbeat[?report=full&node=ip:port]} with a {@link Heartbeat} → {@link
     * HeartbeatResponse}. Any master. A full report says so in the query ({@code report=full}, with the
     * sender's {@code node} address), so that a master over its budget of full reports can defer it
     * without reading the body ({@link HeartbeatResponse#fullReportRetryAfterMs}).
     */
    public static final Endpoint HEARTBEAT = Endpoint.of("/internal/heartbeat", POST, REPORT, NODE);
    /** {@code POST /internal/node/id?address=} → {@link NodeIdResponse}. Leader. */
    public static final Endpoint NODE_ID = Endpoint.of("/internal/node/id", POST, ADDRESS);
    /**
     * {@code POST /internal/filer/heartbeat} with a {@link FilerHeartbeat} → {@link FilerHeartbeatResponse}: a
     * filer server in partitioned mode registers and reports its partition replicas. Leader (a follower
     * forwards).
     */
    public static final Endpoint FILER_HEARTBEAT = Endpoint.of("/internal/filer/heartbeat", POST);
    /** {@code GET /filer/partition/list} → {@link PartitionListing}. Leader (a follower forwards). */
    public static final Endpoint PARTITION_LIST = Endpoint.of("/filer/partition/list", GET);
    /**
     * {@code POST /filer/partition/move?partition=&source=&target=[&apply=true]} → {@link PartitionMoveResponse}:
     * plan (or do) moving one replica of a filer partition from one filer server to another (node ids).
     * Leader (a follower forwards).
     */
    public static final Endpoint PARTITION_MOVE = Endpoint.of("/filer/partition/move", POST, PARTITION, SOURCE, TARGET,
            APPLY);
    /** {@code GET /<fid>}: 302 to a volume server holding it. */
    public static final Endpoint REDIRECT = Endpoint.of("/{fid}", GET);
    /** {@code GET /metrics}: Prometheus. */
    public static final Endpoint METRICS = Endpoint.METRICS;

    /** Every route, for tests that check a running master serves them all. */
    public static final List<Endpoint> ALL = List.of(ASSIGN, LOOKUP, DIR_STATUS, VOL_STATUS, CLUSTER_STATUS, RAFT_ADD,
            RAFT_REMOVE, GROW, COLLECTION_DELETE, VACUUM, FIX_REPLICATION, BALANCE, MOVE, MARK, VOLUME_DELETE,
            EC_ENCODE, EC_REBUILD, EC_DECODE, EC_BALANCE, EC_COMPACT, COLLECTION_LIST, SUBMIT, HEARTBEAT, NODE_ID, FILER_HEARTBEAT, PARTITION_LIST,
            PARTITION_MOVE, REDIRECT, METRICS);

    /**
     * The request for sending {@code beat}: {@link #HEARTBEAT}, marked {@code report=full&node=ip:port}
     * when the beat is a full report. Pure.
     */
    public static PathQuery heartbeat(Heartbeat beat) {
        PathQuery q = HEARTBEAT.query();
        return beat.delta() ? q : q.param(REPORT, FULL_REPORT).param(NODE, beat.url());
    }

    private MasterApi() {
    }
}
