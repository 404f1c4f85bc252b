package io.hayloft.master.growth;

import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.LayoutKey;

/**
 * The admin calls the master makes on volume servers. Thread-safe; methods block the calling
 * (virtual) thread until the server answers.
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
}
