package io.hayloft.master.growth;

import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.LayoutKey;

/**
 * The admin calls the master makes on volume servers (growth, collection deletion, replica repair,
 * moves; see {@code docs/self-healing.md}). Thread-safe; methods block the calling (virtual) thread
 * until the server answers.
 */
public interface VolumeServerAdmin {
    /**
     * Creates an empty volume on the server at {@code nodeUrl}.
     *
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when unreachable, or the code
     *                                         matching the server's error answer
     */
    void allocate(String nodeUrl, VolumeId id, LayoutKey key);

    /**
     * Deletes a volume on the server at {@code nodeUrl}.
     *
     * @throws io.hayloft.api.HayloftException as {@link #allocate}
     */
    void delete(String nodeUrl, VolumeId id);

    /**
     * Has the server at {@code targetUrl} pull volume {@code id} from {@code sourceUrl} and install it
     * ({@code POST /admin/volume/copy?volume=&source=&mbps=}); returns once the copy is opened there.
     *
     * @param mbps read rate limit in MiB/s, 0 for unthrottled
     * @return the bytes copied
     * @throws io.hayloft.api.HayloftException {@code CONFLICT} when the target holds the volume already,
     *                                         {@code NOT_ACCEPTABLE} when it has no free slot,
     *                                         {@code UNAVAILABLE} when it or the source fails
     */
    long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps);

    /**
     * Has the server at {@code nodeUrl} compare its copy of volume {@code id} with every other
     * replica and repair the differences ({@code POST /admin/volume/sync?volume=&apply=true}).
     *
     * @return how many repairs succeeded
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when the server cannot be reached or failed
     */
    long sync(String nodeUrl, VolumeId id);

    /**
     * Marks volume {@code id} read-only or writable on the server at {@code nodeUrl}, persistently
     * ({@code POST /admin/volume/mark?volume=&readonly=}).
     *
     * @throws io.hayloft.api.HayloftException {@code NOT_FOUND} when the server does not hold it,
     *                                         {@code UNAVAILABLE} when it cannot be reached or failed
     */
    void mark(String nodeUrl, VolumeId id, boolean readOnly);
}
