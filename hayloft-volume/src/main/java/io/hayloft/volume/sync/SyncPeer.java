package io.hayloft.volume.sync;

import java.nio.ByteBuffer;

import io.hayloft.storage.NeedleRecord;

import io.hayloft.volume.transfer.SyncWire;
import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecords;
import io.hayloft.storage.VolumeDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sync endpoints of one other replica, called through the one client of volume-to-volume calls
 * ({@link VolumePeerClient}), with what they answer checked here. Blocking (virtual threads); thread-safe.
 *
 * <p>Failures: {@link HayloftException} {@code UNAVAILABLE} when the peer cannot be reached, refuses
 * (whatever its code: this peer cannot help now) or answers something malformed; the message names
 * the peer and carries its code.
 */
final class SyncPeer {
    /** Buckets per entries request, so the query line stays far below HTTP servers' 4 KiB limit. */
    static final int BUCKETS_PER_REQUEST = 256;

    private final VolumePeerClient client;
    private final String peer;

    /** @param peer {@code host:port} */
    SyncPeer(VolumePeerClient client, String peer) {
        this.client = client;
        this.peer = peer;
    }

    String url() {
        return peer;
    }

    /** A replica's live count and volume digest, without buckets. */
    record Summary(long liveCount, long digest) {
        /** True if {@code local} has the same live count and volume digest. */
        boolean matches(VolumeDigest local) {
            return liveCount == local.liveCount() && digest == local.digest();
        }
    }

    /** The peer's live count and volume digest ({@code buckets=false}). */
    Summary summary(VolumeId id) {
        SyncWire.Digest d = asked(() -> client.syncDigest(peer, id, false));
        return parsed("digest", () -> {
            checkVolume(id, d.volume());
            HayloftException.checkArgument(d.liveCount() >= 0, "negative live count");
            return new Summary(d.liveCount(), VolumeDigest.parseHex(d.digest()));
        });
    }

    /** The peer's full digest, with buckets. */
    VolumeDigest digest(VolumeId id) {
        SyncWire.Digest d = asked(() -> client.syncDigest(peer, id, true));
        return parsed("digest", () -> {
            checkVolume(id, d.volume());
            HayloftException.checkArgument(d.buckets() != null && d.buckets().size() == VolumeDigest.BUCKETS,
                    "expected " + VolumeDigest.BUCKETS + " buckets");
            long[] buckets = new long[VolumeDigest.BUCKETS];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = VolumeDigest.parseHex(d.buckets().get(i));
            }
            VolumeDigest digest = VolumeDigest.of(d.liveCount(), buckets);
            HayloftException.checkArgument(digest.digest() == VolumeDigest.parseHex(d.digest()),
                    "volume digest is not the sum of its buckets");
            return digest;
        });
    }

    /** The peer's entries of {@code buckets}, asked {@value #BUCKETS_PER_REQUEST} buckets at a time. */
    ReplicaEntries entries(VolumeId id, BitSet buckets) {
        ReplicaEntries all = ReplicaEntries.EMPTY;
        int[] wanted = buckets.stream().toArray();
        for (int from = 0; from < wanted.length; from += BUCKETS_PER_REQUEST) {
            String list = Arrays.stream(wanted, from, Math.min(wanted.length, from + BUCKETS_PER_REQUEST))
                    .mapToObj(Integer::toString).collect(Collectors.joining(","));
            SyncWire.Entries e = asked(() -> client.syncEntries(peer, id, list));
            all = all.plus(parsed("entries", () -> toEntries(id, e)));
        }
        return all;
    }

    /**
     * The peer's live needle of {@code key}, as stored (any cookie, even expired).
     *
     * @return empty if the peer does not hold it live
     */
    Optional<Needle> needle(VolumeId id, long key) {
        Optional<byte[]> record = asked(() -> client.needleRecord(peer, id, key));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Needle n = parsed("needle record", () -> NeedleRecords.decode(record.get()));
        if (n.key() != key) {
            throw unavailable("answered needle " + SyncWire.key(n.key()) + " when asked for " + SyncWire.key(key));
        }
        return Optional.of(n);
    }

    /**
     * Stores {@code needle} on the peer as it is ({@code Volume.repair} there).
     *
     * @return true if the peer already held it identically
     */
    boolean store(VolumeId id, Needle needle) {
        return asked(() -> client.storeNeedle(peer, id, NeedleRecords.encode(needle))).unchanged();
    }

    /**
     * Deletes {@code key} on the peer whatever its cookie ({@code Volume.repairDelete} there).
     *
     * @return true if a live needle was deleted
     */
    boolean delete(VolumeId id, long key) {
        return delete(id, key, 0);
    }

    /** {@link #delete(VolumeId, long)} with the tombstone stamped {@code appendAtNs} there (0: now). */
    boolean delete(VolumeId id, long key, long appendAtNs) {
        return asked(() -> client.deleteNeedle(peer, id, key, appendAtNs)).deleted();
    }

    /**
     * The append time of the tombstone the peer holds for {@code key}'s last delete.
     *
     * @return empty when the peer has no tombstone of it
     */
    java.util.OptionalLong tombstoneAppendAt(VolumeId id, long key) {
        Optional<byte[]> record = asked(() -> client.tombstoneRecord(peer, id, key));
        if (record.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        NeedleRecord tombstone = parsed("tombstone record", () -> NeedleRecord.parse(ByteBuffer.wrap(record.get())));
        if (!tombstone.tombstone() || tombstone.key() != key) {
            throw unavailable("answered no tombstone of " + SyncWire.key(key));
        }
        return java.util.OptionalLong.of(tombstone.appendAtNs());
    }

    private static ReplicaEntries toEntries(VolumeId id, SyncWire.Entries e) {
        checkVolume(id, e.volume());
        Map<Long, ReplicaEntries.Live> live = new HashMap<>();
        for (SyncWire.LiveNeedle n : e.live() == null ? List.<SyncWire.LiveNeedle>of() : e.live()) {
            HayloftException.checkArgument(n != null && n.size() >= 0, "bad live entry " + n);
            live.put(SyncWire.parseKey(n.key(), "key"), new ReplicaEntries.Live(SyncWire.parseCookie(n.cookie()),
                    n.size()));
        }
        Set<Long> deleted = new HashSet<>();
        for (String k : e.deleted() == null ? List.<String>of() : e.deleted()) {
            deleted.add(SyncWire.parseKey(k, "deleted key"));
        }
        deleted.removeAll(live.keySet());
        return new ReplicaEntries(live, deleted);
    }

    private static void checkVolume(VolumeId asked, int answered) {
        HayloftException.checkArgument(answered == asked.value(), "answered for volume " + answered);
    }

    /** Runs a call of the peer: whatever it refused with, this peer cannot help now. */
    private <T> T asked(Supplier<T> call) {
        try {
            return call.get();
        } catch (HayloftException e) {
            throw e.code() == ErrorCode.UNAVAILABLE ? e
                    : new HayloftException(ErrorCode.UNAVAILABLE, "replica " + peer + " refused: " + e.getMessage(), e);
        }
    }

    /** Runs a parse of the peer's answer; a malformed answer is the peer's failure, not the caller's. */
    private <T> T parsed(String what, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (HayloftException | IllegalArgumentException | NullPointerException e) {
            throw unavailable("answered a malformed " + what + ": " + e.getMessage());
        }
    }

    private HayloftException unavailable(String message) {
        return new HayloftException(ErrorCode.UNAVAILABLE, "replica " + peer + " " + message);
    }
}
