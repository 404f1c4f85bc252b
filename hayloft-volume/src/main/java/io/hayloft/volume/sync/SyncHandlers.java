package io.hayloft.volume.sync;

import io.hayloft.volume.transfer.SyncWire;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Blocking;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecords;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeDigest;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.transfer.AdminParams;
import io.hayloft.volume.transfer.LimitedBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * The handlers behind {@link SyncRoutes}. Every one validates its parameters strictly (unknown
 * names, missing or malformed values: 400), answers 404 for a volume this server does not hold,
 * and runs its work on a virtual thread ({@link Blocking}).
 */
final class SyncHandlers {
    /** The largest needle record a volume can hold: records are read into one array (see NeedleCodec). */
    static final long MAX_RECORD_BYTES = Integer.MAX_VALUE & ~7L;
    private static final Set<String> VOLUME = VolumeApi.NEEDLE_STORE.params();
    private static final Set<String> VOLUME_AND_BUCKETS = VolumeApi.SYNC_DIGEST.params();
    private static final Set<String> NEEDLE = VolumeApi.NEEDLE.params();
    private static final Set<String> SYNC = VolumeApi.SYNC.params();

    private final Store store;
    private final ReplicaSync sync;

    SyncHandlers(Store store, ReplicaSync sync) {
        this.store = store;
        this.sync = sync;
    }

    /** {@code GET /admin/volume/sync/digest?volume=N[&buckets=false]}. */
    void digest(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VOLUME_AND_BUCKETS);
            VolumeId id = AdminParams.volumeId(c);
            boolean withBuckets = Params.bool(c, "buckets", true);
            VolumeDigest d = VolumeDigest.of(store.volume(id));
            List<String> buckets = null;
            if (withBuckets) {
                buckets = new ArrayList<>(VolumeDigest.BUCKETS);
                for (int i = 0; i < VolumeDigest.BUCKETS; i++) {
                    buckets.add(VolumeDigest.hex(d.bucketDigest(i)));
                }
            }
            Responses.json(c, 200, new SyncWire.Digest(id.value(), d.liveCount(), VolumeDigest.hex(d.digest()), buckets));
        });
    }

    /** {@code GET /admin/volume/sync/entries?volume=N&buckets=3,17,...}. */
    void entries(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, VOLUME_AND_BUCKETS);
            VolumeId id = AdminParams.volumeId(c);
            BitSet buckets = buckets(Params.string(c, "buckets", ""));
            ReplicaEntries e = LocalEntries.collect(store.volume(id), buckets);
            List<SyncWire.LiveNeedle> live = e.live().entrySet().stream()
                    .sorted((a, b) -> Long.compareUnsigned(a.getKey(), b.getKey()))
                    .map(x -> new SyncWire.LiveNeedle(SyncWire.key(x.getKey()), SyncWire.cookie(x.getValue().cookie()),
                            x.getValue().size()))
                    .toList();
            List<String> deleted = e.deleted().stream().sorted(Long::compareUnsigned).map(SyncWire::key).toList();
            Responses.json(c, 200, new SyncWire.Entries(id.value(), live, deleted));
        });
    }

    /**
     * {@code GET /admin/volume/needle?volume=N&key=<hex>}: the live needle as one record; with
     * {@code tombstone=true} the tombstone of its last delete as it was appended here.
     */
    void readNeedle(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, NEEDLE);
            VolumeId id = AdminParams.volumeId(c);
            long key = key(c);
            byte[] record;
            if (Params.bool(c, VolumeApi.TOMBSTONE, false)) {
                ByteBuffer tombstone = store.volume(id).tombstoneRecord(key).orElseThrow(() -> HayloftException
                        .notFound("needle " + SyncWire.key(key) + " has no tombstone in volume " + id)).bytes();
                record = new byte[tombstone.remaining()];
                tombstone.get(record);
            } else {
                Optional<Needle> needle = store.volume(id).readStored(key);
                if (needle.isEmpty()) {
                    throw HayloftException.notFound("needle " + SyncWire.key(key) + " is not live in volume " + id);
                }
                record = NeedleRecords.encode(needle.get());
            }
            if (!c.response().ended() && !c.response().closed()) {
                c.response().setStatusCode(200).putHeader("Content-Type", "application/octet-stream")
                        .end(Buffer.buffer(record));
            }
        });
    }

    /** {@code POST /admin/volume/needle?volume=N}, body one record: {@code Volume.repair}. */
    void storeNeedle(RoutingContext ctx) {
        // Parameters and volume are checked before the body is read (a map lookup, no I/O), so a
        // bad call reads nothing.
        Volume volume;
        try {
            Params.allowOnly(ctx, VOLUME);
            volume = store.volume(AdminParams.volumeId(ctx));
        } catch (HayloftException e) {
            Responses.fail(ctx, e);
            return;
        }
        LimitedBody.readBytes(ctx, MAX_RECORD_BYTES, "the needle record",
                "a needle record is at most " + MAX_RECORD_BYTES + " bytes", body -> Blocking.handle(ctx, c -> {
            Needle needle = NeedleRecords.decode(body);
            boolean unchanged = volume.repair(needle).unchanged();
            Responses.json(c, 200, new SyncWire.Stored(unchanged));
        }));
    }

    /**
     * {@code DELETE /admin/volume/needle?volume=N&key=<hex>[&appendAtNs=T]}: {@code Volume.repairDelete}, the
     * tombstone stamped {@code T} (the one the replica that holds the delete appended) or now.
     */
    void deleteNeedle(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, NEEDLE);
            VolumeId id = AdminParams.volumeId(c);
            long key = key(c);
            long appendAtNs = Params.longParam(c, VolumeApi.APPEND_AT, 0, 0, Long.MAX_VALUE);
            Responses.json(c, 200, new SyncWire.Deleted(store.volume(id).repairDelete(key, appendAtNs)));
        });
    }

    /** {@code POST /admin/volume/sync?volume=N[&apply=true]}: the {@link SyncReport}. */
    void sync(RoutingContext ctx) {
        Blocking.handle(ctx, c -> {
            Params.allowOnly(c, SYNC);
            VolumeId id = AdminParams.volumeId(c);
            boolean apply = Params.bool(c, "apply", false);
            Responses.json(c, 200, sync.syncNow(id, apply));
        });
    }

    private static long key(RoutingContext ctx) {
        String k = Params.string(ctx, "key", "");
        HayloftException.checkArgument(!k.isEmpty(), "parameter 'key' is required");
        return SyncWire.parseKey(k, "parameter 'key'");
    }

    /** Parses {@code 3,17,...}: bucket numbers 0..1023, at least one. */
    static BitSet buckets(String text) {
        HayloftException.checkArgument(!text.isEmpty(), "parameter 'buckets' is required");
        BitSet buckets = new BitSet(VolumeDigest.BUCKETS);
        for (String part : text.split(",", -1)) {
            HayloftException.checkArgument(!part.isEmpty() && part.length() <= 4 && part.chars().allMatch(Character::isDigit)
                            && Integer.parseInt(part) < VolumeDigest.BUCKETS,
                    "parameter 'buckets' must be bucket numbers 0.." + (VolumeDigest.BUCKETS - 1)
                            + " separated by commas, got '" + abbreviate(text) + "'");
            buckets.set(Integer.parseInt(part));
        }
        return buckets;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
