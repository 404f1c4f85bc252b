package io.hayloft.master.repair;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The volumes a copy, move or balance is working on: the automatic repair pass skips them and a
 * second move of the same volume is refused. Thread-safe.
 */
public final class BusyVolumes {
    private final Set<VolumeId> busy = ConcurrentHashMap.newKeySet();

    /** Marks {@code id} busy; false when it was already. */
    public boolean tryMark(VolumeId id) {
        return busy.add(id);
    }

    /**
     * Marks {@code id} busy.
     *
     * @throws HayloftException {@code CONFLICT} when it is already
     */
    public void mark(VolumeId id) {
        if (!tryMark(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id
                    + " is being copied or moved already; retry when that is done");
        }
    }

    public void release(VolumeId id) {
        busy.remove(id);
    }

    /** A copy of the busy set now. */
    public Set<VolumeId> snapshot() {
        return Set.copyOf(busy);
    }
}
