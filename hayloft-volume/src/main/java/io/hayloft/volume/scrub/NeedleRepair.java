package io.hayloft.volume.scrub;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.replication.ReplicaReader;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a corrupt local needle from a good replica: fetches it from a peer
 * ({@link ReplicaReader}, CRC-checked there), checks it against the size and CRC the local record
 * declares, and appends it locally with the same key and cookie.
 * The volume's write path treats a corrupt old record as absent, so the new record supersedes it;
 * the bad bytes become garbage for the next vacuum. Blocking; thread-safe.
 */
public final class NeedleRepair {
    private static final Logger LOG = LoggerFactory.getLogger(NeedleRepair.class);

    private final ReplicaReader replicas;

    public NeedleRepair(ReplicaReader replicas) {
        this.replicas = replicas;
    }

    /**
     * Repairs needle {@code fid} of {@code volume}, whose local copy failed verification. The
     * replica's copy is accepted only if its data has the size and CRC-32C the local record
     * declares (when the corruption hit those fields, no copy matches and the needle stays as found).
     *
     * @param dataSize the data size the corrupt record declares
     * @param crc      the CRC-32C the corrupt record declares
     * @return true when the needle now reads back locally with a good CRC; false when no replica
     *         could serve a matching copy or the local rewrite failed (a read-only or full volume
     *         refuses it); failures are logged, never thrown
     */
    public boolean repair(Volume volume, FileId fid, int dataSize, int crc) {
        Optional<Needle> good = replicas.readFromPeer(volume, fid);
        if (good.isEmpty()) {
            LOG.error("needle {} is corrupt and no replica could serve a good copy: left as found", fid);
            return false;
        }
        if (good.get().dataSize() != dataSize || good.get().checksum() != crc) {
            LOG.error("needle {} is corrupt and the replica's copy ({} bytes, crc {}) does not match the record"
                    + " ({} bytes, crc {}): left as found", fid, good.get().dataSize(),
                    Integer.toHexString(good.get().checksum()), dataSize, Integer.toHexString(crc));
            return false;
        }
        try {
            volume.write(good.get());
            volume.read(fid.key(), fid.cookie());
            LOG.warn("needle {} was corrupt: rewritten from a good replica", fid);
            return true;
        } catch (HayloftException | java.io.UncheckedIOException e) {
            LOG.error("needle {} is corrupt and its rewrite from a replica failed: {}", fid, e.toString());
            return false;
        }
    }
}
