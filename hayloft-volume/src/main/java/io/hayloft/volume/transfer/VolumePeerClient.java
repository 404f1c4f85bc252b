package io.hayloft.volume.transfer;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.NeedleRecord;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one client of volume-server-to-volume-server calls: every request a volume server makes of a
 * peer is built here from {@link VolumeApi} and every answer decided here on its error {@code code}
 * (the status only when the body has none). Its callers: {@code ReplicatedWriter} and
 * {@code ReplicaRepair} (exact records, alone or batched), {@code ReplicaReader} (a needle from another
 * replica), {@code SyncPeer} (digests, entries, needles to copy and delete) and {@code VolumeCopier}
 * (a whole volume's files, streamed); for erasure-coded volumes {@code RemoteShards} (shard ranges),
 * {@code EcShardCopier} (shard and index files, streamed) and {@code EcNeedleDeletes} (journaled deletes).
 * <pre>
 *   replicate(peer, fid, record)        POST /internal/needle/replicate?fid=     ─► PeerAnswer (201 | 202 | code)
 *   replicateBatch(peer, frames)        POST /internal/needle/batch              ─► one PeerAnswer per record
 *   readReplica(peer, fid)              GET  /&lt;fid&gt;?type=replicate             ─► the needle's answer, or empty
 *   syncDigest / syncEntries            GET  /admin/volume/sync/{digest,entries}  ─► SyncWire
 *   needleRecord / storeNeedle / deleteNeedle   GET|POST|DELETE /admin/volume/needle
 *   openCopy(source, volume, mbps)      GET  /admin/volume/copy                   ─► streamed body
 *   readShard(peer, volume, shard, ..)  GET  /internal/ec/shard                   ─► the bytes (async)
 *   openEcFile(source, volume, file)    GET  /admin/ec/file                       ─► streamed body, or empty
 *   journalEcDelete(peer, volume, key)  POST /internal/ec/delete                  ─► deleted there now or not
 * </pre>
 *
 * <p>Deadlines: every whole call is bounded by the {@link PeerClient}'s timeout (connect to last byte);
 * a streamed copy by its stall timeout (connect, head, any gap in the body). Thread-safe. The
 * asynchronous calls never throw: an unreachable peer completes their future exceptionally. The
 * blocking ones (virtual threads) throw {@link HayloftException}s: the peer's code, or UNAVAILABLE when
 * it cannot be reached or answers something malformed.
 */
public final class VolumePeerClient {
    private static final Map<String, String> OCTET_STREAM = Map.of("Content-Type", NeedleTransfer.OCTET_STREAM);
    private static final int ERROR_TEXT_LIMIT = 300;

    private final PeerClient peers;

    /** @param peers the server's Vert.x client; its timeout bounds each whole call */
    public VolumePeerClient(PeerClient peers) {
        this.peers = peers;
    }

    /**
     * Sends {@code fid}'s record, exactly as appended here, to {@code peer} ({@link VolumeApi#REPLICATE_RECORD});
     * the record's bytes go out as they are, wrapped, not copied.
     *
     * @return the peer's answer: 201 stored, 202 deleted, or its refusal; completed exceptionally when
     *         the peer cannot be reached in time
     */
    public CompletableFuture<PeerAnswer> replicate(String peer, FileId fid, NeedleRecord record) {
        return peers.send(HttpMethod.POST, VolumeApi.REPLICATE_RECORD.query().param(VolumeApi.FID, fid).url(peer),
                OCTET_STREAM, BufferInternal.buffer(Unpooled.wrappedBuffer(record.bytes()))).thenApply(VolumePeerClient::answer);
    }

    /**
     * Sends {@code frames} (records of any volumes) to {@code peer} in one call
     * ({@link VolumeApi#REPLICATE_BATCH}, {@link RecordBatchWire}), the records not copied.
     *
     * @return one answer per frame, in order: each what the single route would have answered; when the
     *         whole batch was refused, that refusal for each; completed exceptionally when the peer cannot
     *         be reached in time
     */
    public CompletableFuture<List<PeerAnswer>> replicateBatch(String peer, List<RecordBatchWire.Frame> frames) {
        return peers.send(HttpMethod.POST, NeedleTransfer.batchUrl(peer),
                OCTET_STREAM, BufferInternal.buffer(Unpooled.wrappedBuffer(RecordBatchWire.encode(frames))))
                .thenApply(r -> batchAnswers(r, frames.size()));
    }

    /**
     * {@code fid} as {@code peer}'s own copy holds it ({@link VolumeApi#BLOB} with {@code type=replicate}:
     * CRC-checked there, never proxied further). Blocking.
     *
     * @return the 200 answer (body and needle headers), or empty when the peer does not hold it (NOT_FOUND)
     * @throws HayloftException the peer's refusal with its code, or UNAVAILABLE when it cannot be reached
     */
    public Optional<PeerClient.Response> readReplica(String peer, FileId fid) {
        PeerClient.Response r = peers.get(VolumeApi.BLOB.at(fid.toString()).param(VolumeApi.TYPE, VolumeApi.REPLICATE)
                .url(peer));
        return okOrAbsent(r, peer, "GET " + fid);
    }

    /**
     * {@code peer}'s digest of {@code volume} ({@link VolumeApi#SYNC_DIGEST}), with its buckets or not. Blocking.
     *
     * @throws HayloftException the peer's refusal, or UNAVAILABLE when unreachable or malformed
     */
    public SyncWire.Digest syncDigest(String peer, VolumeId volume, boolean buckets) {
        PathQuery q = VolumeApi.SYNC_DIGEST.query().param(VolumeApi.VOLUME, volume);
        return json(peer, buckets ? q : q.param(VolumeApi.BUCKETS, false), SyncWire.Digest.class);
    }

    /**
     * {@code peer}'s entries of {@code volume} in {@code buckets} (comma-separated bucket numbers,
     * {@link VolumeApi#SYNC_ENTRIES}). Blocking.
     *
     * @throws HayloftException the peer's refusal, or UNAVAILABLE when unreachable or malformed
     */
    public SyncWire.Entries syncEntries(String peer, VolumeId volume, String buckets) {
        return json(peer, VolumeApi.SYNC_ENTRIES.query().param(VolumeApi.VOLUME, volume).param(VolumeApi.BUCKETS, buckets),
                SyncWire.Entries.class);
    }

    /**
     * {@code peer}'s live needle {@code key} of {@code volume} as stored, encoded as a needle record
     * ({@link VolumeApi#NEEDLE}, any cookie). Blocking.
     *
     * @return the record's bytes, or empty when the peer does not hold it live (NOT_FOUND)
     */
    public Optional<byte[]> needleRecord(String peer, VolumeId volume, long key) {
        PeerClient.Response r = peers.get(VolumeApi.NEEDLE.query().param(VolumeApi.VOLUME, volume)
                .param(VolumeApi.KEY, SyncWire.key(key)).url(peer));
        return okOrAbsent(r, peer, "GET needle " + SyncWire.key(key)).map(ok -> ok.body().getBytes());
    }

    /**
     * Stores an encoded needle on {@code peer} as it is ({@link VolumeApi#NEEDLE_STORE}). Blocking.
     *
     * @throws HayloftException the peer's refusal, or UNAVAILABLE when unreachable or malformed
     */
    public SyncWire.Stored storeNeedle(String peer, VolumeId volume, byte[] encodedNeedle) {
        PathQuery q = VolumeApi.NEEDLE_STORE.query().param(VolumeApi.VOLUME, volume);
        PeerClient.Response r = peers.call(HttpMethod.POST, q.url(peer), OCTET_STREAM, Buffer.buffer(encodedNeedle));
        return parse(peer, check(r, peer, "POST " + q.pathAndQuery()), SyncWire.Stored.class);
    }

    /**
     * Deletes needle {@code key} of {@code volume} on {@code peer} whatever its cookie ({@link VolumeApi#NEEDLE}). Blocking.
     *
     * @throws HayloftException the peer's refusal, or UNAVAILABLE when unreachable or malformed
     */
    public SyncWire.Deleted deleteNeedle(String peer, VolumeId volume, long key) {
        return deleteNeedle(peer, volume, key, 0);
    }

    /**
     * Fetches the tombstone {@code peer} appended for {@code key}'s last delete ({@link VolumeApi#NEEDLE} with
     * {@code tombstone=true}). Blocking.
     *
     * @return the record's bytes, or empty when the peer has none (404)
     * @throws HayloftException the peer's refusal, or UNAVAILABLE when unreachable or malformed
     */
    public Optional<byte[]> tombstoneRecord(String peer, VolumeId volume, long key) {
        PeerClient.Response r = peers.get(VolumeApi.NEEDLE.query().param(VolumeApi.VOLUME, volume)
                .param(VolumeApi.KEY, SyncWire.key(key)).flag(VolumeApi.TOMBSTONE, true).url(peer));
        return okOrAbsent(r, peer, "GET tombstone " + SyncWire.key(key)).map(ok -> ok.body().getBytes());
    }

    /**
     * {@link #deleteNeedle(String, VolumeId, long)} with the tombstone stamped {@code appendAtNs} (0: the
     * peer's now), so that it is the same bytes as the tombstone of the replica that holds the delete.
     */
    public SyncWire.Deleted deleteNeedle(String peer, VolumeId volume, long key, long appendAtNs) {
        PathQuery q = VolumeApi.NEEDLE.query().param(VolumeApi.VOLUME, volume).param(VolumeApi.KEY, SyncWire.key(key));
        if (appendAtNs > 0) {
            q = q.param(VolumeApi.APPEND_AT, appendAtNs);
        }
        PeerClient.Response r = peers.call(HttpMethod.DELETE, q.url(peer), Map.of(), null);
        return parse(peer, check(r, peer, "DELETE " + q.pathAndQuery()), SyncWire.Deleted.class);
    }

    /**
     * Opens the stream of volume {@code volume}'s files on {@code source} ({@link VolumeApi#COPY_OUT}),
     * read at most {@code mbps} MiB/s there (0: unthrottled). Blocking until the answer's head.
     *
     * @param stall how long the source may send nothing before the copy fails
     * @return the 200 answer, its body to read and close
     * @throws HayloftException the source's refusal with its code, or UNAVAILABLE when it cannot be reached
     */
    public PeerClient.Streamed openCopy(String source, VolumeId volume, long mbps, Duration stall) {
        String url = VolumeApi.COPY_OUT.query().param(VolumeApi.VOLUME, volume)
                .param(VolumeApi.MBPS, mbps > 0 ? Optional.of(mbps) : Optional.empty()).url(source);
        PeerClient.Streamed s = peers.open(HttpMethod.GET, url, Map.of(), null, stall);
        if (s.status() != 200) {
            throw refusal(refusedStream(s, source), source, "GET " + VolumeApi.COPY_OUT.path());
        }
        return s;
    }

    /**
     * Bytes {@code [offset, offset + size)} of shard {@code shard} of erasure-coded volume {@code volume} held
     * by {@code peer} ({@link VolumeApi#EC_SHARD_READ}).
     *
     * @return the bytes, exactly {@code size} of them; completed exceptionally with the peer's refusal (its
     *         code: NOT_FOUND when it does not hold the shard) or UNAVAILABLE when it cannot be reached or
     *         answers another length
     */
    public CompletableFuture<byte[]> readShard(String peer, VolumeId volume, int generation, int shard, long offset,
                                               int size) {
        PathQuery q = VolumeApi.EC_SHARD_READ.query().param(VolumeApi.VOLUME, volume).param(VolumeApi.SHARD, shard)
                .param(VolumeApi.OFFSET, offset).param(VolumeApi.SIZE, size).param(VolumeApi.GENERATION, generation);
        return peers.send(HttpMethod.GET, q.url(peer), Map.of(), null).thenApply(r -> {
            check(r, peer, "GET " + q.pathAndQuery());
            if (r.body() == null || r.body().length() != size) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + peer + " answered "
                        + (r.body() == null ? 0 : r.body().length()) + " bytes of shard " + shard + " of volume "
                        + volume + ", not " + size);
            }
            return r.body().getBytes();
        });
    }

    /**
     * Opens the stream of one file of erasure-coded volume {@code volume} on {@code source}
     * ({@link VolumeApi#EC_FILE}: {@code ecNN}, {@code ecx}, {@code ecm} or {@code ecj}). Blocking until the
     * answer's head.
     *
     * @param stall how long the source may send nothing before the copy fails
     * @return the 200 answer, its body to read and close; empty when the source has no such file (NOT_FOUND)
     * @throws HayloftException the source's refusal with its code, or UNAVAILABLE when it cannot be reached
     */
    public Optional<PeerClient.Streamed> openEcFile(String source, VolumeId volume, String file, Duration stall) {
        return openEcFile(source, volume, -1, file, stall);
    }

    /**
     * As {@link #openEcFile(String, VolumeId, String, Duration)}, of generation {@code generation} ({@code -1}:
     * the one the source serves).
     */
    public Optional<PeerClient.Streamed> openEcFile(String source, VolumeId volume, int generation, String file,
                                                   Duration stall) {
        PathQuery q = VolumeApi.EC_FILE.query().param(VolumeApi.VOLUME, volume).param(VolumeApi.FILE, file);
        if (generation >= 0) {
            q = q.param(VolumeApi.GENERATION, generation);
        }
        PeerClient.Streamed s = peers.open(HttpMethod.GET, q.url(source), Map.of(), null, stall);
        if (s.status() == 200) {
            return Optional.of(s);
        }
        PeerClient.Response r = refusedStream(s, source);
        if (r.errorCode() == ErrorCode.NOT_FOUND) {
            return Optional.empty();
        }
        throw refusal(r, source, "GET " + q.pathAndQuery());
    }

    /**
     * Has {@code peer} journal the delete of needle {@code key} of erasure-coded volume {@code volume}
     * ({@link VolumeApi#EC_NEEDLE_DELETE}). Blocking.
     *
     * @return true when the peer deleted it now, false when it had it deleted (or absent) already
     * @throws HayloftException the peer's refusal with its code, or UNAVAILABLE when unreachable or malformed
     */
    public boolean journalEcDelete(String peer, VolumeId volume, long key) {
        PathQuery q = VolumeApi.EC_NEEDLE_DELETE.query().param(VolumeApi.VOLUME, volume)
                .param(VolumeApi.KEY, Long.toHexString(key));
        PeerClient.Response r = peers.call(HttpMethod.POST, q.url(peer), Map.of(), null);
        return parse(peer, check(r, peer, "POST " + q.pathAndQuery()), EcDeleted.class).deleted();
    }

    /** The answer of {@link VolumeApi#EC_NEEDLE_DELETE}. */
    record EcDeleted(boolean deleted) {
    }

    /** A refused streamed answer as a whole response (the start of its body), the stream closed. */
    private static PeerClient.Response refusedStream(PeerClient.Streamed s, String peer) {
        try (s) {
            byte[] body = s.body().readNBytes(ERROR_TEXT_LIMIT * 4);
            return new PeerClient.Response(s.status(), s.headers(), Buffer.buffer(body));
        } catch (java.io.IOException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + peer + " answered "
                    + s.status() + " and broke off: " + e.getMessage(), e);
        }
    }

    /** The answer of one record sent alone. */
    static PeerAnswer answer(PeerClient.Response r) {
        return r.ok() ? PeerAnswer.ok(r.status()) : new PeerAnswer(r.status(), r.errorCode(), errorText(r));
    }

    /** One answer per record out of a batch's answer. */
    static List<PeerAnswer> batchAnswers(PeerClient.Response r, int records) {
        if (!r.ok()) {
            PeerAnswer refused = answer(r); // the whole batch was refused: the same answer for each
            return java.util.Collections.nCopies(records, refused);
        }
        List<RecordBatchWire.Result> results;
        try {
            results = r.json(RecordBatchWire.Response.class).results();
        } catch (RuntimeException e) {
            results = null;
        }
        if (results == null || results.size() != records) {
            return java.util.Collections.nCopies(records, new PeerAnswer(502, ErrorCode.INTERNAL,
                    "the peer's batch answer does not have one result per record"));
        }
        List<PeerAnswer> answers = new ArrayList<>(records);
        for (RecordBatchWire.Result result : results) {
            boolean ok = result.status() >= 200 && result.status() < 300;
            answers.add(ok ? PeerAnswer.ok(result.status())
                    : new PeerAnswer(result.status(), ErrorCode.parse(result.code()).orElse(ErrorCode.fromStatus(result.status())),
                    result.error() == null ? "refused" : result.error()));
        }
        return answers;
    }

    private <T> T json(String peer, PathQuery q, Class<T> type) {
        return parse(peer, check(peers.get(q.url(peer)), peer, "GET " + q.pathAndQuery()), type);
    }

    private static Optional<PeerClient.Response> okOrAbsent(PeerClient.Response r, String peer, String call) {
        if (r.ok()) {
            return Optional.of(r);
        }
        if (r.errorCode() == ErrorCode.NOT_FOUND) {
            return Optional.empty();
        }
        throw refusal(r, peer, call);
    }

    private static PeerClient.Response check(PeerClient.Response r, String peer, String call) {
        if (!r.ok()) {
            throw refusal(r, peer, call);
        }
        return r;
    }

    private static HayloftException refusal(PeerClient.Response r, String peer, String call) {
        return new HayloftException(r.errorCode(), "volume server " + peer + " answered " + r.status() + " "
                + r.errorCode() + " to " + call + ": " + errorText(r));
    }

    private static <T> T parse(String peer, PeerClient.Response r, Class<T> type) {
        try {
            return r.json(type);
        } catch (RuntimeException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume server " + peer + " answered a malformed "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The peer's {@code error} text, or the start of its body when that is not a JSON error. */
    static String errorText(PeerClient.Response r) {
        try {
            ErrorResponse e = r.json(ErrorResponse.class);
            if (e != null && e.error() != null) {
                return e.error();
            }
        } catch (RuntimeException notJson) {
            // plain text: shown as it is
        }
        String text = r.body() == null ? "" : r.bodyAsString();
        return text.length() <= ERROR_TEXT_LIMIT ? text : text.substring(0, ERROR_TEXT_LIMIT) + "...";
    }
}
