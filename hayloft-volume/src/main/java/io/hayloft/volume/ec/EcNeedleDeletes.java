package io.hayloft.volume.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.Needle;
import io.hayloft.volume.transfer.VolumePeerClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's delete of a needle of an erasure-coded volume: checked (the needle must be in the index with
 * the fid's cookie), journaled here, then journaled on every other server holding shards of the volume
 * ({@code POST /internal/ec/delete}, through {@link VolumePeerClient}; a holder answering NOT_FOUND no
 * longer has the volume and is skipped), so whichever holder serves a later read refuses it. A delete that
 * reached only some holders (one was down: UNAVAILABLE) is completed by the client's retry: the needle is
 * deleted here already, so nothing is journaled here again, and each holder journals it only if it has
 * not yet (a holder's journal gets each key once). Blocking; thread-safe.
 */
public final class EcNeedleDeletes {
    private final EcVolumes volumes;
    private final ShardLocator locator;
    private final VolumePeerClient peers;

    public EcNeedleDeletes(EcVolumes volumes, ShardLocator locator, VolumePeerClient peers) {
        this.volumes = volumes;
        this.locator = locator;
        this.peers = peers;
    }

    /**
     * Deletes {@code fid} from its erasure-coded volume here and, unless {@code hereOnly}, on every other holder.
     *
     * @return the needle's data size
     * @throws HayloftException NOT_FOUND when the volume is not here, the needle is absent or has another
     *                          cookie, or is deleted here and on every other holder already (nothing changes);
     *                          UNAVAILABLE naming the holders that could not journal it (it is deleted here and
     *                          on the others; retry)
     */
    public long delete(FileId fid, boolean hereOnly) {
        EcMount m = volumes.mount(fid.volumeId());
        Needle needle = m.readEvenIfDeleted(fid.key(), fid.cookie());
        boolean deletedHere = m.deleteHere(fid.key());
        if (hereOnly) {
            if (!deletedHere) {
                throw alreadyDeleted(fid);
            }
            return needle.dataSize();
        }
        List<String> failed = new ArrayList<>();
        int deletedElsewhere = 0;
        for (String holder : locator.allHolders(fid.volumeId())) {
            try {
                if (peers.journalEcDelete(holder, fid.volumeId(), fid.key())) {
                    deletedElsewhere++;
                }
            } catch (HayloftException e) {
                // NOT_FOUND: the holder no longer has the volume (its shards moved): nothing to journal there
                if (e.code() != ErrorCode.NOT_FOUND) {
                    failed.add(holder + " (" + e.getMessage() + ")");
                }
            }
        }
        if (!failed.isEmpty()) {
            locator.invalidate(fid.volumeId());
            throw new HayloftException(ErrorCode.UNAVAILABLE, "needle " + fid + " is deleted here but its delete "
                    + "could not be journaled on " + failed + "; retry the delete");
        }
        if (!deletedHere && deletedElsewhere == 0) {
            throw alreadyDeleted(fid);
        }
        return needle.dataSize();
    }

    private static HayloftException alreadyDeleted(FileId fid) {
        return HayloftException.notFound("needle " + fid + " is deleted already");
    }
}
