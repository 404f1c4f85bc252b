package io.hayloft.volume.replication;

import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.volume.transfer.PeerAnswer;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Blocking;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.Volume;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.store.Store;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and deletes needles on every replica of their volume before answering (strong
 * consistency, as SeaweedFS's {@code ReplicatedWrite}). The change is stamped here once as a needle
 * record ({@link NeedleRecord}: the {@code .dat} bytes, append time included), journaled, then sent to
 * every other replica while it is appended here, so each replica appends the same bytes: a write's
 * record through the {@link RecordBatcher} ({@code POST /internal/needle/batch}, shared with the
 * concurrent writes to the same peer and volume), a tombstone alone ({@link VolumePeerClient#replicate},
 * {@code POST /internal/needle/replicate}). If any replica fails, the needle is deleted
 * here and {@link ReplicaRepair} makes every peer agree with that (deleting the copies that landed,
 * and retrying a dead peer, which may have stored it before it died, until it answers), so replicas
 * never stay divergent; the failure names the replica. A local refusal after the copies went out is
 * repaired the same way.
 *
 * <pre>
 *   write(fid, needle) ─► peers = locator.peers(vid)        (before anything changes)
 *                      ─► record = volume.recordOf(needle)   (stamped once)
 *                      ─► journal W fid peers
 *                      ─► POST peer/internal/needle/batch?volume= ×N   ┐ in parallel
 *                      ─► volume.appendRecord(record)        (local)  ┘
 *                            all 2xx ─► journal C fid ─► done
 *                            any fail ─► delete local ─► repair peers (now, then retried) ─► error naming the replica
 *   delete(fid)        ─► tombstone = volume.tombstoneOf(fid) ─► journal ─► append here ─► the same record to every peer
 * </pre>
 * Blocking: call from virtual threads. Thread-safe.
 */
public final class ReplicatedWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWriter.class);

    private final Store store;
    private final ReplicaLocator locator;
    private final VolumePeerClient peers;
    private final Runnable volumeBecameUnwritable;
    private final ReplicaRepair repair;
    private final RecordBatcher batcher;

    /**
     * @param repair                 journals every replicated change and repairs replicas a change reached only in part
     * @param volumeBecameUnwritable called when a local write was refused because the volume is
     *                               read-only or full, so the master hears of it before the next pulse
     */
    public ReplicatedWriter(Store store, ReplicaLocator locator, VolumePeerClient peers, ReplicaRepair repair,
                            Runnable volumeBecameUnwritable) {
        this.store = store;
        this.locator = locator;
        this.peers = peers;
        this.repair = repair;
        this.volumeBecameUnwritable = volumeBecameUnwritable;
        this.batcher = new RecordBatcher(peers);
    }

    /**
     * Writes a needle to its volume here and, unless {@code replicaCopy}, to every other replica.
     *
     * @param fid         the needle's fid
     * @param needle      the needle (key and cookie match {@code fid})
     * @param replicaCopy true when this request is itself a peer's copy (the public route's
     *                    {@code type=replicate}, kept for SeaweedFS peers; Hayloft's own peers send records)
     * @return the local write's result
     * @throws HayloftException {@code NOT_FOUND} unknown volume, {@code VOLUME_NOT_WRITABLE} read-only or
     *                          full, {@code CONFLICT} another cookie, {@code UNAVAILABLE} replicas unknown
     *                          and no master answers; when a replica refuses (rolled back), by the code
     *                          it answered: {@code CONFLICT} if one holds another cookie,
     *                          {@code VOLUME_NOT_WRITABLE} if all are full or read-only, else {@code INTERNAL}
     */
    public WriteResult write(FileId fid, Needle needle, boolean replicaCopy) {
        Volume volume = store.volume(fid.volumeId());
        List<String> others = replicaCopy ? List.of() : otherReplicas(volume);
        if (others.isEmpty()) {
            return writeLocally(volume, needle);
        }
        refuseIfUnwritable(volume); // before a copy goes out that would have to be taken back
        NeedleRecord record = volume.recordOf(needle);
        repair.begin(fid, others);
        Map<String, CompletableFuture<PeerAnswer>> copies = send(others, fid, record);
        CompletableFuture<WriteResult> local;
        try {
            local = CompletableFuture.completedFuture(appendLocally(volume, record));
        } catch (RuntimeException e) {
            local = CompletableFuture.failedFuture(e);
        }
        return settle(fid, volume, others, copies, local);
    }

    /**
     * {@link #write} of a needle of a replicated volume without blocking, for an event loop: the record
     * is stamped, journaled and sent to every other replica, and appended here if the volume's append
     * lock is free this instant (else on a virtual thread), all at once; the future completes when every
     * copy has answered. Done only when nothing here would wait: the volume is writable, its replicas are
     * in the locator's cache and no repair of this fid is pending.
     *
     * @return the future of the local write's result (completed exceptionally as {@link #write} throws,
     *         after the same rollback; completed on an event loop or a virtual thread), or null when nothing
     *         was done and the caller must call {@link #write} from a thread that may block
     * @throws HayloftException {@code BAD_REQUEST} or {@code PAYLOAD_TOO_LARGE} for a needle that cannot be
     *                          stored (nothing was done)
     */
    public CompletableFuture<WriteResult> tryWriteReplicated(FileId fid, Needle needle) {
        Optional<Volume> found = store.find(fid.volumeId());
        if (found.isEmpty()) {
            return null;
        }
        Volume volume = found.get();
        int needed = volume.replicaPlacement().copies() - 1;
        if (needed == 0 || volume.isReadOnly() || volume.isFull()) {
            return null;
        }
        Optional<List<String>> cached = locator.cachedPeers(volume.id());
        if (cached.isEmpty() || cached.get().size() < needed) {
            return null;
        }
        List<String> others = cached.get();
        NeedleRecord record = volume.recordOf(needle);
        if (!repair.tryBegin(fid, others)) {
            return null;
        }
        Map<String, CompletableFuture<PeerAnswer>> copies = send(others, fid, record);
        CompletableFuture<WriteResult> local;
        try {
            WriteResult done = volume.tryAppendRecord(record);
            local = done != null ? CompletableFuture.completedFuture(done)
                    : CompletableFuture.supplyAsync(() -> appendLocally(volume, record), Blocking.executor());
        } catch (HayloftException e) {
            local = CompletableFuture.failedFuture(e.code() == ErrorCode.VOLUME_NOT_WRITABLE ? notWritable(volume, e) : e);
        } catch (RuntimeException e) {
            local = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<WriteResult> mine = local;
        List<CompletableFuture<?>> all = new ArrayList<>(copies.values());
        all.add(mine);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, t) -> null)
                .thenCompose(v -> {
                    if (!mine.isCompletedExceptionally() && copies.values().stream().allMatch(ReplicatedWriter::stored)) {
                        repair.end(fid);
                        return mine;
                    }
                    // a refusal: roll back on a virtual thread, the repair calls peers and waits for them
                    return CompletableFuture.supplyAsync(() -> settle(fid, volume, others, copies, mine),
                            Blocking.executor());
                });
    }

    /** True if a copy's call completed with a 2xx answer. */
    private static boolean stored(CompletableFuture<PeerAnswer> copy) {
        return !copy.isCompletedExceptionally() && copy.join().ok();
    }

    /**
     * Waits for the copies and decides (blocking): every replica stored it ⇒ the journal entry is closed
     * and the local result returned; the local append failed ⇒ every peer is made to agree with what is
     * here and its failure thrown; a replica failed ⇒ the local copy is rolled back and the failure,
     * naming the replica, thrown.
     */
    private WriteResult settle(FileId fid, Volume volume, List<String> others,
                               Map<String, CompletableFuture<PeerAnswer>> copies,
                               CompletableFuture<WriteResult> local) {
        WriteResult result;
        try {
            result = local.join();
        } catch (CompletionException e) {
            // the copies went out with the append: make every peer agree with what is here again
            awaitQuietly(copies);
            repair.repair(fid, others);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Map<String, Refusal> failures = collect(copies, false);
        if (failures.isEmpty()) {
            repair.end(fid);
            return result;
        }
        locator.invalidate(fid.volumeId());
        rollBack(fid, volume, result, others, failures);
        throw new HayloftException(writeFailureCode(failures.values()), "write of " + fid + " failed on replica "
                + describe(failures) + "; the copies that landed were removed, retry the upload");
    }

    /**
     * {@link #write} when it is one local append that needs no waiting: the volume is here, has no
     * other replica (or this is a peer's copy), forces nothing ({@code -fsync} off) and is not held by
     * another writer at this instant. For callers that must not block (an event loop).
     *
     * @return the local write's result, or null when nothing was done and the caller must call
     *         {@link #write} from a thread that may block
     * @throws HayloftException as {@link #write}, except that a volume that turned read-only or full
     *                          answers null (so {@link #write} reports it and tells the master)
     */
    public WriteResult tryWriteLocally(FileId fid, Needle needle, boolean replicaCopy) {
        Optional<Volume> found = store.find(fid.volumeId());
        if (found.isEmpty() || (!replicaCopy && found.get().replicaPlacement().copies() > 1)) {
            return null;
        }
        try {
            return found.get().tryWrite(needle);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.VOLUME_NOT_WRITABLE) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Writes a needle given as its fields and its data with {@link Volume#appendGathering} (no copy of the
     * data into a record) when its volume has no other replica; a replicated volume is left alone (the
     * caller then uses {@link #write}, which sends the needle to the peers).
     *
     * @param fields the needle's key, cookie and fields, without data (key and cookie match {@code fid})
     * @param data   the needle's data; must not change until this returns
     * @return the local write's result, or empty when the volume is replicated
     * @throws HayloftException as {@link #write}
     */
    public Optional<WriteResult> writeUnreplicated(FileId fid, Needle fields, ByteBuffer data) {
        Volume volume = store.volume(fid.volumeId());
        if (volume.replicaPlacement().copies() > 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(volume.appendGathering(fields, data));
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.VOLUME_NOT_WRITABLE) {
                volumeBecameUnwritable.run();
                throw new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + volume.id()
                        + " is read-only or full: ask the master for a new fid (/dir/assign) and upload again", e);
            }
            throw e;
        }
    }

    /**
     * Deletes a needle here and, unless {@code replicaCopy}, on every other replica. A replica that
     * no longer has the needle counts as done.
     *
     * @return the deleted data's size in bytes
     * @throws HayloftException {@code NOT_FOUND} unknown volume or needle, {@code UNAVAILABLE} replicas
     *                          unknown and no master answers, {@code INTERNAL} a replica failed
     */
    public long delete(FileId fid, boolean replicaCopy) {
        Volume volume = store.volume(fid.volumeId());
        List<String> others = replicaCopy ? List.of() : otherReplicas(volume);
        if (others.isEmpty()) {
            return volume.delete(fid.key(), fid.cookie());
        }
        NeedleRecord tombstone = volume.tombstoneOf(fid.key(), fid.cookie());
        boolean superseded = repair.begin(fid, others);
        long size;
        try {
            size = volume.appendTombstone(tombstone);
        } catch (RuntimeException e) {
            abandon(fid, others, superseded);
            throw e;
        }
        Map<String, Refusal> failures = collect(send(others, fid, tombstone), true);
        if (failures.isEmpty()) {
            repair.end(fid);
        } else {
            locator.invalidate(fid.volumeId());
            repair.repair(fid, failures.keySet());
            throw new HayloftException(ErrorCode.INTERNAL, "delete of " + fid + " failed on replica "
                    + describe(failures) + "; it is deleted here and will be deleted there once it answers");
        }
        return size;
    }

    /**
     * A needle with more data than this is appended with {@link Volume#appendGathering} (the same record,
     * without a copy of the data into it, and without the JDK's temporary direct copy of the whole record):
     * a 200 MiB upload otherwise needed twice its size of heap on top of the body.
     */
    static final int GATHER_ABOVE = 1 << 20;

    private WriteResult writeLocally(Volume volume, Needle needle) {
        try {
            if (needle.data().length > GATHER_ABOVE) {
                Needle fields = new Needle(needle.key(), needle.cookie(), new byte[0], needle.name(), needle.mime(),
                        needle.lastModified(), needle.ttl(), needle.pairs(), 0, needle.appendAtNs());
                return volume.appendGathering(fields, java.nio.ByteBuffer.wrap(needle.data()));
            }
            return volume.write(needle);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.VOLUME_NOT_WRITABLE) {
                throw notWritable(volume, e);
            }
            throw e;
        }
    }

    /** {@link Volume#appendRecord}, telling the master when the volume turned read-only or full. */
    private WriteResult appendLocally(Volume volume, NeedleRecord record) {
        try {
            return volume.appendRecord(record);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.VOLUME_NOT_WRITABLE) {
                throw notWritable(volume, e);
            }
            throw e;
        }
    }

    /** Refuses a write to a volume already known read-only or full, before anything is sent. */
    private void refuseIfUnwritable(Volume volume) {
        if (volume.isReadOnly() || volume.isFull()) {
            throw notWritable(volume, null);
        }
    }

    private HayloftException notWritable(Volume volume, Throwable cause) {
        volumeBecameUnwritable.run();
        return new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + volume.id()
                + " is read-only or full: ask the master for a new fid (/dir/assign) and upload again", cause);
    }

    /** The other replicas' urls; looked up again once if the cache knows fewer than the placement asks. */
    private List<String> otherReplicas(Volume volume) {
        int needed = volume.replicaPlacement().copies() - 1;
        if (needed == 0) {
            return List.of();
        }
        VolumeId id = volume.id();
        List<String> others = locator.peers(id);
        if (others.size() < needed) {
            locator.invalidate(id);
            others = locator.peers(id);
        }
        if (others.size() < needed) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "volume " + id + " has replication "
                    + volume.replicaPlacement() + " but the master knows only " + others.size()
                    + " other replica(s) " + others + ": nothing was written");
        }
        return others;
    }

    /**
     * Sends {@code record} to every peer at once; the answers come back in peer order. A live record
     * goes through the {@link RecordBatcher} (it may share a call with other writes), a tombstone alone.
     */
    private Map<String, CompletableFuture<PeerAnswer>> send(List<String> others, FileId fid,
                                                                     NeedleRecord record) {
        Map<String, CompletableFuture<PeerAnswer>> calls = new LinkedHashMap<>();
        for (String peer : others) {
            calls.put(peer, record.tombstone() ? peers.replicate(peer, fid, record)
                    : batcher.send(peer, fid, record));
        }
        return calls;
    }

    /**
     * Waits for every answer; returns the failed peers with their reason, in peer order.
     * With {@code notFoundIsDone} a 404 counts as success (a delete of something already gone).
     */
    private static Map<String, Refusal> collect(Map<String, CompletableFuture<PeerAnswer>> calls,
                                                boolean notFoundIsDone) {
        Map<String, Refusal> failures = new LinkedHashMap<>();
        calls.forEach((peer, future) -> {
            try {
                PeerAnswer r = future.join();
                if (!r.ok()) {
                    ErrorCode code = r.code();
                    if (!(notFoundIsDone && code == ErrorCode.NOT_FOUND)) {
                        failures.put(peer, new Refusal(code, r.toString()));
                    }
                }
            } catch (RuntimeException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                failures.put(peer, new Refusal(ErrorCode.UNAVAILABLE, "unreachable: " + c.getMessage()));
            }
        });
        return failures;
    }

    /** Waits for every call to finish, whatever it answered. */
    private static void awaitQuietly(Map<String, CompletableFuture<PeerAnswer>> calls) {
        calls.values().forEach(f -> {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // the repair that follows asks the peer again
            }
        });
    }

    /** The local change was refused (nothing changed here): a repair it superseded still has to run. */
    private void abandon(FileId fid, List<String> others, boolean superseded) {
        if (superseded) {
            repair.repair(fid, others);
        } else {
            repair.end(fid);
        }
    }

    /**
     * Removes the needle here (unless it was already stored before this request) and makes every
     * peer agree with what this server now holds: landed copies are deleted, and a failed peer that
     * may have stored the needle before it stopped answering is repaired in the background.
     */
    private void rollBack(FileId fid, Volume volume, WriteResult local, List<String> others,
                          Map<String, Refusal> failures) {
        if (local.unchanged()) {
            // the needle was already stored before this request: removing it would lose an acknowledged
            // write, so the failed peers get it again instead
            repair.repair(fid, failures.keySet());
            return;
        }
        try {
            volume.delete(fid.key(), fid.cookie());
        } catch (RuntimeException e) {
            LOG.error("rollback of {} on this server failed", fid, e);
        }
        Set<String> still = repair.repair(fid, others);
        if (!still.isEmpty()) {
            LOG.warn("rollback of {} pending on replica(s) {}: retried until they answer", fid, still);
        }
    }

    /** Why a replica refused a copy: the code it answered (decided on) and the text (for the message). */
    private record Refusal(ErrorCode code, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The code a failed replicated write answers: {@code CONFLICT} when a replica holds the key with
     * another cookie (a key handed out twice must surface, never be retried under a new fid),
     * {@code VOLUME_NOT_WRITABLE} when every refusal is a full or read-only replica (a new fid elsewhere
     * will do), {@code INTERNAL} otherwise.
     */
    private static ErrorCode writeFailureCode(java.util.Collection<Refusal> refusals) {
        if (refusals.stream().anyMatch(r -> r.code() == ErrorCode.CONFLICT)) {
            return ErrorCode.CONFLICT;
        }
        if (refusals.stream().allMatch(r -> r.code() == ErrorCode.VOLUME_NOT_WRITABLE)) {
            return ErrorCode.VOLUME_NOT_WRITABLE;
        }
        return ErrorCode.INTERNAL;
    }

    private static String describe(Map<String, Refusal> failures) {
        List<String> parts = new ArrayList<>();
        failures.forEach((peer, reason) -> parts.add(peer + " (" + reason + ")"));
        return String.join(", ", parts);
    }
}
