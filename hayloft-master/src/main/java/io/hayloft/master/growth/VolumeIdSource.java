package io.hayloft.master.growth;

import io.hayloft.api.VolumeId;

/** Hands out volume ids that were never used before. Thread-safe; blocks until durable. */
public interface VolumeIdSource {
    /**
     * The next unused volume id.
     *
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when it cannot be committed,
     *                                         {@code NOT_ACCEPTABLE} when ids are exhausted
     */
    VolumeId nextVolumeId();
}
