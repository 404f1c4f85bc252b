package io.hayloft.volume.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.SuperBlock;
import io.hayloft.storage.Volume;
import io.hayloft.volume.store.Store;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an erasure-coded volume back into a replicated one on this server ({@code POST /admin/ec/decode},
 * {@code hayloft shell ec.decode}): a new volume of the same id, collection, replication and TTL (from the
 * coded {@code .dat}'s superblock) receives every live needle's record as it was stored (append time
 * included), read through the shards here and elsewhere and rebuilt from any 10 where one is missing.
 * Needles deleted since the encoding are left out, so decoding also compacts. The volume is marked
 * read-only (it was sealed); the shards stay until the master drops them. On failure the new volume is
 * deleted. Blocking; one decode per volume at a time (the store refuses a second volume of the id).
 */
public final class EcDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(EcDecoder.class);

    private final EcVolumes volumes;
    private final Store store;

    public EcDecoder(EcVolumes volumes, Store store) {
        this.volumes = volumes;
        this.store = store;
    }

    /**
     * Decodes volume {@code id}.
     *
     * @return the volume built, mounted here
     * @throws HayloftException NOT_FOUND when none of the volume is here; CONFLICT when a replicated volume of
     *                          the id is here already; NOT_ACCEPTABLE when no slot is free; CORRUPT when a
     *                          needle cannot be read from 10 good shards (nothing is left then)
     */
    public Volume decode(VolumeId id) {
        EcMount m = volumes.mount(id);
        if (store.find(id).isPresent()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is a replicated volume here already");
        }
        long started = System.nanoTime();
        SuperBlock superBlock = SuperBlock.decode(m.readDat(0, SuperBlock.SIZE));
        Volume v = store.allocate(id, m.collection(), superBlock.replicaPlacement(), superBlock.ttl());
        int copied = 0;
        try {
            for (long key : m.keys()) {
                Optional<Needle> n = m.readStored(key);
                if (n.isPresent()) {
                    v.appendRecord(NeedleRecord.of(n.get(), n.get().appendAtNs()));
                    copied++;
                }
            }
            store.markReadOnly(id, true);
        } catch (RuntimeException e) {
            try {
                store.delete(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info("decoded erasure-coded volume {} into a replicated volume of {} needles in {} ms", id, copied,
                (System.nanoTime() - started) / 1_000_000);
        return v;
    }
}
