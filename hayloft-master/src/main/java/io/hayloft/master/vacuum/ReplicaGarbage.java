package io.hayloft.master.vacuum;

import io.hayloft.api.VolumeId;

/**
 * Asks one volume server for one replica's garbage ratio now, as SeaweedFS's master does before it
 * vacuums ({@code VacuumVolumeCheck}): the last heartbeat may predate the deletes a manual vacuum
 * is meant for. Thread-safe; blocks until the server answers.
 */
@FunctionalInterface
public interface ReplicaGarbage {
    /**
     * The garbage ratio of volume {@code id} on the server at {@code nodeUrl}: deleted bytes over
     * the {@code .dat} size, 0..1.
     *
     * @throws io.hayloft.api.HayloftException {@code UNAVAILABLE} when the server cannot be reached or failed
     */
    double garbageRatio(String nodeUrl, VolumeId id);
}
