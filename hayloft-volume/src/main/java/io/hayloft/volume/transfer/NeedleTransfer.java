package io.hayloft.volume.transfer;

import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.FileId;

/**
 * How a needle change moves between the volume servers of one volume: the record itself, exactly
 * as the primary appended it ({@link io.hayloft.storage.NeedleRecord}, layout in {@code NeedleCodec}),
 * so every replica appends the same bytes, append timestamp included:
 * <pre>
 *   POST /internal/needle/replicate?fid=&lt;fid&gt;
 *   Content-Type: application/octet-stream
 *   body: one record, a live needle (stored as by an upload: 201 {"name","size","eTag"})
 *         or a tombstone (a delete: 202 {"size"}; 404 when the needle is not there)
 *
 *   POST /internal/needle/batch
 *   body: frames back to back, each a volume id (4 bytes) and one record of that volume (which names
 *         its needle: key and cookie in its header), at most {@link #BATCH_MAX_BYTES} ({@link RecordBatchWire})
 *   200 {"results":[{"status":201,"size","eTag"} | {"status":202,"size"} | {"status":4xx,"code","error"}, ...]}
 *         one per record, in order ({@link RecordBatchWire}), each what the single route would answer
 * </pre>
 * Concurrent small writes to one peer share one batch call whatever their volumes, so a replicated
 * write costs the primary and the replica a fraction of an HTTP exchange instead of a whole one.
 * Also the header conventions of needles on the public routes ({@link #PAIR_PREFIX},
 * {@link #OCTET_STREAM}). Stateless.
 */
public final class NeedleTransfer {
    /** Header prefix of needle key/value pairs on upload and download. */
    public static final String PAIR_PREFIX = "Seaweed-";
    /** Content type sent for data without a mime; never stored as the needle's mime. */
    public static final String OCTET_STREAM = "application/octet-stream";
    /** The volume server route that appends a peer's record. */
    public static final String RECORD_PATH = VolumeApi.REPLICATE_RECORD.path();
    /** Its one query parameter: the needle's fid, which the record's key and cookie must match. */
    public static final String FID_PARAM = VolumeApi.FID;

    /** The volume server route that appends several records, of any volumes, in one call. */
    public static final String BATCH_PATH = VolumeApi.REPLICATE_BATCH.path();
    /** The largest batch body a volume server accepts, bytes. */
    public static final int BATCH_MAX_BYTES = 4 << 20;

    private NeedleTransfer() {
    }

    /** The URL that sends {@code fid}'s record to the volume server at {@code peer} ({@code host:port}). */
    public static String recordUrl(String peer, FileId fid) {
        return VolumeApi.REPLICATE_RECORD.query().param(VolumeApi.FID, fid).url(peer);
    }

    /** The URL that sends a batch of records to the volume server at {@code peer}. */
    public static String batchUrl(String peer) {
        return VolumeApi.REPLICATE_BATCH.query().url(peer);
    }
}
