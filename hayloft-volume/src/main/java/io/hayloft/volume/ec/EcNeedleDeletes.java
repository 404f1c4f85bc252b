package io.hayloft.volume.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.Needle;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client's delete of a needle of an erasure-coded volume: checked (the needle must be live with the
 * fid's cookie), journaled here, then journaled on every other server holding shards of the volume
 * ({@code POST /internal/ec/delete}), so whichever holder serves a later read refuses it. Blocking;
 * thread-safe.
 */
public final class EcNeedleDeletes {
    private final EcVolumes volumes;
    private final ShardLocator locator;
    private final PeerClient peers;

    public EcNeedleDeletes(EcVolumes volumes, ShardLocator locator, PeerClient peers) {
        this.volumes = volumes;
        this.locator = locator;
        this.peers = peers;
    }

    /**
     * Deletes {@code fid} from its erasure-coded volume here and, unless {@code hereOnly}, on every other holder.
     *
     * @return the needle's data size
     * @throws HayloftException NOT_FOUND when the volume is not here or the needle is absent, deleted or has
     *                          another cookie (nothing changes); UNAVAILABLE naming the holders that could not
     *                          journal it (it is deleted here and on the others)
     */
    public long delete(FileId fid, boolean hereOnly) {
        EcMount m = volumes.mount(fid.volumeId());
        Needle needle = m.read(fid.key(), fid.cookie());
        m.deleteHere(fid.key());
        if (hereOnly) {
            return needle.dataSize();
        }
        List<String> failed = new ArrayList<>();
        for (String holder : locator.allHolders(fid.volumeId())) {
            String url = VolumeApi.EC_NEEDLE_DELETE.query().param(VolumeApi.VOLUME, fid.volumeId())
                    .param(VolumeApi.KEY, Long.toHexString(fid.key())).url(holder);
            try {
                PeerClient.Response r = peers.call(HttpMethod.POST, url, Map.of(), null);
                if (!r.ok()) {
                    failed.add(holder + " (" + r.status() + ")");
                }
            } catch (HayloftException e) {
                failed.add(holder + " (" + e.getMessage() + ")");
            }
        }
        if (!failed.isEmpty()) {
            locator.invalidate(fid.volumeId());
            throw new HayloftException(ErrorCode.UNAVAILABLE, "needle " + fid + " is deleted here but its delete "
                    + "could not be journaled on " + failed + "");
        }
        return needle.dataSize();
    }
}
