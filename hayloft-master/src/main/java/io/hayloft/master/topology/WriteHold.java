package io.hayloft.master.topology;

import io.hayloft.api.VolumeId;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps one volume from assignments until closed ({@link Topology#holdWrites}). Each hold is its
 * own: closing one leaves the others (and vacuum's) in place. Thread-safe; closing twice is harmless.
 */
public final class WriteHold implements AutoCloseable {
    private final Topology topology;
    private final VolumeId volumeId;
    private final AtomicBoolean closed = new AtomicBoolean();

    WriteHold(Topology topology, VolumeId volumeId) {
        this.topology = topology;
        this.volumeId = volumeId;
    }

    /** The volume held back. */
    public VolumeId volumeId() {
        return volumeId;
    }

    /** Gives the volume back to assignments, unless another hold keeps it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            topology.releaseHold(this);
        }
    }
}
