package io.hayloft.storage;

import io.hayloft.api.HayloftException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named fault-injection points, in the manner of Ratis' {@code CodeInjectionForTesting}: storage
 * code calls {@link #hit(String)} at each step whose failure must be survivable, and tests
 * {@link #arm} a point with an action that throws (to simulate a crash there), blocks (so a test
 * can {@code kill -9} the process at that exact step) or does work that races with the step.
 *
 * <p>In production nothing is armed and {@link #hit} is one volatile read. The registry is global
 * to the JVM: tests that arm a point must {@link #disarm} it (or {@link #disarmAll}) when done, and
 * must not run concurrently with other tests that reach the same point.
 *
 * <p>Point names are defined where they are hit; the compaction points are
 * {@link CompactionStep#faultPoint()}.
 *
 * <p>Threading: safe for concurrent use; the action runs on the thread that reaches the point,
 * with whatever locks that thread holds (the step's documentation says which).
 */
public final class FaultPoints {
    /** What an armed point does when reached. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs at the point. Anything it throws propagates out of the storage operation as if the
         * step itself had failed; an {@link Error} skips the operation's clean-up, like a crash.
         *
         * @param point the name of the point reached
         */
        void run(String point);
    }

    private static final Map<String, Action> ARMED = new ConcurrentHashMap<>();
    private static volatile boolean anyArmed;

    private FaultPoints() {
    }

    /**
     * Arms {@code point}: from now on every {@link #hit} of it runs {@code action}. Replaces any
     * action armed before at that point.
     *
     * @throws HayloftException {@code BAD_REQUEST} if either argument is null or the name is blank
     */
    public static void arm(String point, Action action) {
        HayloftException.checkArgument(point != null && !point.isBlank() && action != null,
                "a fault point name and an action are required");
        ARMED.put(point, action);
        anyArmed = true;
    }

    /** Disarms {@code point}; a no-op if it was not armed. */
    public static void disarm(String point) {
        ARMED.remove(point);
        anyArmed = !ARMED.isEmpty();
    }

    /** Disarms every point. */
    public static void disarmAll() {
        ARMED.clear();
        anyArmed = false;
    }

    /** Runs the action armed at {@code point}, if any; otherwise does nothing. */
    static void hit(String point) {
        if (!anyArmed) {
            return;
        }
        Action action = ARMED.get(point);
        if (action != null) {
            action.run(point);
        }
    }
}
