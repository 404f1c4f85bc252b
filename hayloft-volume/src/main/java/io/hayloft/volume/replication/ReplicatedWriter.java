package io.hayloft.volume.replication;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.WriteResult;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and deletes needles on every replica of their volume before answering (strong
 * consistency, as SeaweedFS's {@code ReplicatedWrite}). A write lands locally first, then goes to
 * every other replica in parallel with {@code ?type=replicate}; if any replica fails, the copies
 * that did land are deleted again (here and on the peers), so replicas never stay divergent, and
 * the failure names the replica.
 *
 * <pre>
 *   write(fid, needle) ─► peers = locator.peers(vid)        (before anything changes)
 *                      ─► volume.write(needle)              (local)
 *                      ─► POST peer/fid?type=replicate  ×N   (parallel)
 *                            all 2xx ─► done
 *                            any fail ─► delete local + landed peers ─► INTERNAL "replica X failed"
 * </pre>
 * Blocking: call from virtual threads. Thread-safe.
 */
public final class ReplicatedWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWriter.class);

    private final Store store;
    private final ReplicaLocator locator;
    private final PeerClient peers;
    private final Runnable volumeBecameUnwritable;

    /**
     * @param volumeBecameUnwritable called when a local write was refused because the volume is
     *                               read-only or full, so the master hears of it before the next pulse
     */
    public ReplicatedWriter(Store store, ReplicaLocator locator, PeerClient peers, Runnable volumeBecameUnwritable) {
        this.store = store;
        this.locator = locator;
        this.peers = peers;
        this.volumeBecameUnwritable = volumeBecameUnwritable;
    }

    /**
     * Writes a needle to its volume here and, unless {@code replicaCopy}, to every other replica.
     *
     * @param fid         the needle's fid
     * @param needle      the needle (key and cookie match {@code fid})
     * @param replicaCopy true when this request is itself a peer's copy ({@code type=replicate})
     * @return the local write's result
     * @throws HayloftException {@code NOT_FOUND} unknown volume, {@code VOLUME_NOT_WRITABLE} read-only or
     *                          full, {@code CONFLICT} another cookie, {@code UNAVAILABLE} replicas unknown
     *                          and no master answers, {@code INTERNAL} a replica failed (rolled back)
     */
    public WriteResult write(FileId fid, Needle needle, boolean replicaCopy) {
        Volume volume = store.volume(fid.volumeId());
        List<String> others = replicaCopy ? List.of() : otherReplicas(volume);
        WriteResult result = writeLocally(volume, needle);
        if (others.isEmpty()) {
            return result;
        }
        Map<String, String> failures = fanOut(others, false, peer -> sendCopy(peer, fid, needle));
        if (!failures.isEmpty()) {
            locator.invalidate(fid.volumeId());
            rollBack(fid, volume, result, others, failures);
            throw new HayloftException(ErrorCode.INTERNAL, "write of " + fid + " failed on replica "
                    + describe(failures) + "; the copies that landed were removed, retry the upload");
        }
        return result;
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
        long size = volume.delete(fid.key(), fid.cookie());
        if (others.isEmpty()) {
            return size;
        }
        Map<String, String> failures = fanOut(others, true, peer -> sendDelete(peer, fid));
        if (!failures.isEmpty()) {
            locator.invalidate(fid.volumeId());
            throw new HayloftException(ErrorCode.INTERNAL, "delete of " + fid + " failed on replica "
                    + describe(failures) + "; it is deleted here, retry the delete");
        }
        return size;
    }

    private WriteResult writeLocally(Volume volume, Needle needle) {
        try {
            return volume.write(needle);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.VOLUME_NOT_WRITABLE) {
                volumeBecameUnwritable.run();
                throw new HayloftException(ErrorCode.VOLUME_NOT_WRITABLE, "volume " + volume.id()
                        + " is read-only or full: ask the master for a new fid (/dir/assign) and upload again", e);
            }
            throw e;
        }
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

    private CompletableFuture<PeerClient.Response> sendCopy(String peer, FileId fid, Needle needle) {
        return peers.send(HttpMethod.POST, "http://" + peer + "/" + fid + NeedleTransfer.replicaQuery(needle),
                NeedleTransfer.replicaHeaders(needle), Buffer.buffer(needle.data()));
    }

    private CompletableFuture<PeerClient.Response> sendDelete(String peer, FileId fid) {
        return peers.send(HttpMethod.DELETE, "http://" + peer + "/" + fid + "?type=replicate", Map.of(), null);
    }

    /**
     * Calls every peer in parallel; returns the failed ones with their reason, in peer order.
     * With {@code notFoundIsDone} a 404 counts as success (a delete of something already gone).
     */
    private static Map<String, String> fanOut(List<String> others, boolean notFoundIsDone,
                                              Function<String, CompletableFuture<PeerClient.Response>> call) {
        Map<String, CompletableFuture<PeerClient.Response>> calls = new LinkedHashMap<>();
        for (String peer : others) {
            calls.put(peer, call.apply(peer));
        }
        Map<String, String> failures = new LinkedHashMap<>();
        calls.forEach((peer, future) -> {
            try {
                PeerClient.Response r = future.join();
                if (!r.ok() && !(notFoundIsDone && r.status() == 404)) {
                    failures.put(peer, r.status() + " " + errorText(r));
                }
            } catch (RuntimeException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                failures.put(peer, "unreachable: " + c.getMessage());
            }
        });
        return failures;
    }

    private void rollBack(FileId fid, Volume volume, WriteResult local, List<String> others,
                          Map<String, String> failures) {
        if (local.unchanged()) {
            // the needle was already stored before this request: removing it would lose an acknowledged write
            return;
        }
        try {
            volume.delete(fid.key(), fid.cookie());
        } catch (RuntimeException e) {
            LOG.error("rollback of {} on this server failed", fid, e);
        }
        List<String> landed = new ArrayList<>(others);
        landed.removeAll(failures.keySet());
        for (String peer : landed) {
            try {
                PeerClient.Response r = sendDelete(peer, fid).join();
                if (!r.ok() && r.status() != 404) {
                    LOG.error("rollback of {} on replica {} failed: {}", fid, peer, r.status());
                }
            } catch (RuntimeException e) {
                LOG.error("rollback of {} on replica {} failed", fid, peer, e);
            }
        }
    }

    private static String describe(Map<String, String> failures) {
        List<String> parts = new ArrayList<>();
        failures.forEach((peer, reason) -> parts.add(peer + " (" + reason + ")"));
        return String.join(", ", parts);
    }

    private static String errorText(PeerClient.Response r) {
        try {
            String e = r.json(ErrorResponse.class).error();
            return e == null ? r.bodyAsString() : e;
        } catch (RuntimeException e) {
            return r.bodyAsString();
        }
    }
}
