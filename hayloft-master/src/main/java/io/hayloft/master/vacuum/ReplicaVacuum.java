package io.hayloft.master.vacuum;

import io.hayloft.api.VolumeId;

/** The call that has one volume server compact one replica. Thread-safe; blocks until it answers. */
@FunctionalInterface
public interface ReplicaVacuum {
    /**
     * Compacts volume {@code id} on the server at {@code nodeUrl}.
     *
     * @return the bytes its {@code .dat} gave back
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when the server cannot be reached or
     *                                         failed; {@code CONFLICT} when it is compacting already
     */
    long vacuum(String nodeUrl, VolumeId id);
}
