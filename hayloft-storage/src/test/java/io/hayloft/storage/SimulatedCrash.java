package io.hayloft.storage;

import java.io.Serial;

/**
 * Thrown by an armed {@link FaultPoints} action to stop a storage operation dead, as a crash would:
 * being an {@link Error}, it skips the clean-up that runtime failures get.
 */
final class SimulatedCrash extends Error {
    @Serial
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String point) {
        super("simulated crash at " + point);
    }

    /** An action that crashes at the point it is armed on. */
    static FaultPoints.Action action() {
        return point -> {
            throw new SimulatedCrash(point);
        };
    }
}
