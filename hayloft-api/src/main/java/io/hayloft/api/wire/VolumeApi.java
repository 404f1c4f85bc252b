package io.hayloft.api.wire;

import static io.hayloft.api.wire.Endpoint.Method.DELETE;
import static io.hayloft.api.wire.Endpoint.Method.GET;
import static io.hayloft.api.wire.Endpoint.Method.HEAD;
import static io.hayloft.api.wire.Endpoint.Method.POST;
import static io.hayloft.api.wire.Endpoint.Method.PUT;

import java.util.List;
import java.util.Set;

/**
 * The volume server's HTTP API, defined once: {@code VolumeRoutes} and {@code SyncRoutes} register
 * these routes; the master (growth, vacuum), peers (copy, sync) and clients build requests from them.
 * Blob routes ({@link #BLOB}) take the fid as their path; the {@code /admin/} routes are for the
 * cluster's own servers and guarded by the white list.
 */
public final class VolumeApi {
    // parameter names
    public static final String VOLUME = "volume";
    public static final String COLLECTION = "collection";
    public static final String REPLICATION = "replication";
    public static final String TTL = "ttl";
    public static final String SOURCE = "source";
    public static final String MBPS = "mbps";
    public static final String READONLY = "readonly";
    public static final String BUCKETS = "buckets";
    public static final String KEY = "key";
    /** On {@code GET} {@link #NEEDLE}, {@code true}: the key's tombstone record instead of its live record. */
    public static final String TOMBSTONE = "tombstone";
    /** On {@code DELETE} {@link #NEEDLE}: the tombstone's append time, ns since the epoch (absent or 0: now). */
    public static final String APPEND_AT = "appendAtNs";
    public static final String APPLY = "apply";
    /** {@code type=replicate}: a peer's copy, read, stored or deleted on this server only. */
    public static final String TYPE = "type";
    /** The value of {@link #TYPE} a replica call carries. */
    public static final String REPLICATE = "replicate";
    public static final String DOWNLOAD = "dl";
    public static final String CHUNK_MANIFEST = "cm";
    public static final String FSYNC = "fsync";
    /** The fid a replicated record must match. */
    public static final String FID = "fid";
    /** Erasure-coded shard ids, comma-separated ({@code 0,4,9}). */
    public static final String SHARDS = "shards";
    /** One erasure-coded shard id. */
    public static final String SHARD = "shard";
    public static final String OFFSET = "offset";
    public static final String SIZE = "size";
    /** Which file of an erasure-coded volume: {@code ec00}..{@code ec13}, {@code ecx}, {@code ecm} or {@code ecj}. */
    public static final String FILE = "file";
    /** An erasure-coded volume's shard generation (0 as encoded, one more per compaction). */
    public static final String GENERATION = "generation";

    /** Every route under this prefix is for the cluster's own servers: the white list guards it, reads included. */
    public static final String ADMIN_PREFIX = "/admin/";
    /** Routes under this prefix carry needles between volume servers: the white list guards them too. */
    public static final String INTERNAL_PREFIX = "/internal/";

    /** {@code GET /status}: volumes held, disk use, the last registration check. */
    public static final Endpoint STATUS = Endpoint.of("/status", GET);
    /** {@code /<fid>}: read (GET, HEAD, {@code dl=true} for an attachment), upload (POST, PUT; multipart or raw), delete. */
    public static final Endpoint BLOB = new Endpoint("/{fid}", Set.of(GET, HEAD, POST, PUT, DELETE),
            Set.of(TTL, "ts", CHUNK_MANIFEST, TYPE, FSYNC, "jwt", COLLECTION, REPLICATION, DOWNLOAD));
    /** {@code POST /admin/volume/allocate?volume=&collection=&replication=&ttl=}: create a volume (growth). */
    public static final Endpoint ALLOCATE = Endpoint.of("/admin/volume/allocate", POST, VOLUME, COLLECTION,
            REPLICATION, TTL);
    /** {@code POST /admin/volume/delete?volume=}: delete a volume here. */
    public static final Endpoint DELETE_VOLUME = Endpoint.of("/admin/volume/delete", POST, VOLUME);
    /** {@code GET /admin/volume/copy?volume=[&mbps=]}: stream a volume out. */
    public static final Endpoint COPY_OUT = Endpoint.of("/admin/volume/copy", GET, VOLUME, MBPS);
    /** {@code POST /admin/volume/copy?volume=&source=[&mbps=]}: pull a volume in from {@code source}. */
    public static final Endpoint COPY_IN = Endpoint.of("/admin/volume/copy", POST, VOLUME, SOURCE, MBPS);
    /** {@code POST /admin/volume/mark?volume=&readonly=}: persistent read-only mark. */
    public static final Endpoint MARK = Endpoint.of("/admin/volume/mark", POST, VOLUME, READONLY);
    /** {@code POST /admin/volume/vacuum?volume=}: compact a volume now. */
    public static final Endpoint VACUUM = Endpoint.of("/admin/volume/vacuum", POST, VOLUME);
    /** {@code GET /admin/volume/garbage?volume=}: the volume's garbage ratio now. */
    public static final Endpoint GARBAGE = Endpoint.of("/admin/volume/garbage", GET, VOLUME);
    /** {@code GET /admin/volume/sync/digest?volume=[&buckets=false]}: a replica's digest. */
    public static final Endpoint SYNC_DIGEST = Endpoint.of("/admin/volume/sync/digest", GET, VOLUME, BUCKETS);
    /** {@code GET /admin/volume/sync/entries?volume=&buckets=}: the entries of some digest buckets. */
    public static final Endpoint SYNC_ENTRIES = Endpoint.of("/admin/volume/sync/entries", GET, VOLUME, BUCKETS);
    /** {@code /admin/volume/needle?volume=&key=}: read (GET) or delete (DELETE) one needle. */
    public static final Endpoint NEEDLE = Endpoint.of("/admin/volume/needle", Set.of(GET, DELETE), VOLUME, KEY,
            TOMBSTONE, APPEND_AT);
    /** {@code POST /admin/volume/needle?volume=}, body one needle record: store it as it is. */
    public static final Endpoint NEEDLE_STORE = Endpoint.of("/admin/volume/needle", POST, VOLUME);
    /** {@code POST /admin/volume/sync?volume=[&apply=true]}: compare (and repair) a volume's replicas. */
    public static final Endpoint SYNC = Endpoint.of("/admin/volume/sync", POST, VOLUME, APPLY);
    /** {@code POST /admin/ec/encode?volume=}: erasure-code a read-only volume held here into 14 shards here. */
    public static final Endpoint EC_ENCODE = Endpoint.of("/admin/ec/encode", POST, VOLUME);
    /**
     * {@code POST /admin/ec/copy?volume=&collection=&source=&shards=}: pull those shards of an erasure-coded
     * volume (and its {@code .ecx}, {@code .ecm}, {@code .ecj}) from {@code source}, verify them, serve them.
     */
    public static final Endpoint EC_COPY = Endpoint.of("/admin/ec/copy", POST, VOLUME, COLLECTION, SOURCE, SHARDS,
            GENERATION);
    /** {@code GET /admin/ec/file?volume=&file=}: stream one file of an erasure-coded volume held here. */
    public static final Endpoint EC_FILE = Endpoint.of("/admin/ec/file", GET, VOLUME, FILE, GENERATION);
    /** {@code POST /admin/ec/delete?volume=&shards=}: stop serving those shards here and delete their files. */
    public static final Endpoint EC_DELETE = Endpoint.of("/admin/ec/delete", POST, VOLUME, SHARDS, GENERATION);
    /**
     * {@code POST /admin/ec/rebuild?volume=&collection=&shards=[&source=]}: write those (lost) shards here anew
     * from the volume's other shards wherever they are; {@code source} supplies the index and metadata when
     * this server holds none of the volume yet.
     */
    public static final Endpoint EC_REBUILD = Endpoint.of("/admin/ec/rebuild", POST, VOLUME, COLLECTION, SHARDS,
            SOURCE);
    /** {@code POST /admin/ec/decode?volume=}: rebuild the replicated volume here from its shards (here and elsewhere). */
    public static final Endpoint EC_DECODE = Endpoint.of("/admin/ec/decode", POST, VOLUME);
    /** {@code GET /internal/ec/shard?volume=&shard=&offset=&size=}: bytes of one shard held here, for a peer's read. */
    public static final Endpoint EC_SHARD_READ = Endpoint.of("/internal/ec/shard", GET, VOLUME, SHARD, OFFSET, SIZE,
            GENERATION);
    /**
     * {@code POST /admin/ec/compact?volume=&generation=}: write that (next) generation of an erasure-coded volume
     * here, all its shards, from the live needles of the one served; staged, not served until committed.
     */
    public static final Endpoint EC_COMPACT = Endpoint.of("/admin/ec/compact", POST, VOLUME, GENERATION);
    /**
     * {@code POST /admin/ec/commit?volume=&generation=}: serve that staged generation from now on, the deletes
     * journaled in the one served carried over; the old one is kept (retired) until dropped.
     */
    public static final Endpoint EC_COMMIT = Endpoint.of("/admin/ec/commit", POST, VOLUME, GENERATION);
    /** {@code GET /admin/ec/status?volume=}: the generation served, the ones kept, needles and garbage ratio. */
    public static final Endpoint EC_STATUS = Endpoint.of("/admin/ec/status", GET, VOLUME);
    /** {@code POST /internal/ec/delete?volume=&key=}: journal the delete of one needle of an erasure-coded volume here. */
    public static final Endpoint EC_NEEDLE_DELETE = Endpoint.of("/internal/ec/delete", POST, VOLUME, KEY);

    /**
     * {@code GET /ec/shardmap?volume=}: which data shard holds each needle of an erasure-coded volume with
     * shards here, as runs over the keys ({@link EcNeedleShards}), so clients send each read to its shard's holder.
     */
    public static final Endpoint EC_SHARD_MAP = Endpoint.of("/ec/shardmap", GET, VOLUME);

    /** {@code GET /metrics}: Prometheus. */
    /** {@code POST /internal/needle/replicate?fid=}: a peer's needle record (or tombstone), appended byte for byte. */
    public static final Endpoint REPLICATE_RECORD = Endpoint.of("/internal/needle/replicate", POST, FID);
    /** {@code POST /internal/needle/batch}: records of any volumes, each framed with its volume id, one result each. */
    public static final Endpoint REPLICATE_BATCH = Endpoint.of("/internal/needle/batch", POST);

    public static final Endpoint METRICS = Endpoint.METRICS;

    /** Every route. */
    public static final List<Endpoint> ALL = List.of(STATUS, BLOB, ALLOCATE, DELETE_VOLUME, COPY_OUT, COPY_IN, MARK,
            VACUUM, GARBAGE, SYNC_DIGEST, SYNC_ENTRIES, NEEDLE, NEEDLE_STORE, SYNC, REPLICATE_RECORD, REPLICATE_BATCH,
            EC_ENCODE, EC_COPY, EC_FILE, EC_DELETE, EC_REBUILD, EC_DECODE, EC_SHARD_READ, EC_NEEDLE_DELETE, EC_SHARD_MAP,
            EC_COMPACT, EC_COMMIT, EC_STATUS,
            METRICS);

    private VolumeApi() {
    }
}
