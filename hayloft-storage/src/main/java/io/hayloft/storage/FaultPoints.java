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
 * {@link CompactionStep#faultPoint()}, the erasure-coding ones {@code EcEncoder.SHARDS_WRITTEN} and the
 * volume server's {@code EcFaultPoints}.
 *
 * <p>A real process (a {@code kill -9} test) is armed by the system property {@value #HALT_PROPERTY}: a
 * comma-separated list of points at which the process prints {@code halted at fault point <name>} to
 * standard error and parks the thread forever, so the test can kill it at that exact step. Unset in
 * production.
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

    /** The system property naming the points at which a process halts (tests that {@code kill -9} it). */
    public static final String HALT_PROPERTY = "hayloft.faultPoints.halt";

    private static final Map<String, Action> ARMED = new ConcurrentHashMap<>();
    private static volatile boolean anyArmed;

    static {
        String halt = System.getProperty(HALT_PROPERTY, "");
        for (String point : halt.split(",")) {
            if (!point.isBlank()) {
                arm(point.strip(), FaultPoints::halt);
            }
        }
    }

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

    /** Runs the action armed at {@code point}, if any; otherwise does nothing. Any thread. */
    public static void hit(String point) {
        if (!anyArmed) {
            return;
        }
        Action action = ARMED.get(point);
        if (action != null) {
            action.run(point);
        }
    }

    /** Announces the point on standard error and parks the calling thread for good (until the process is killed). */
    private static void halt(String point) {
        System.err.println("halted at fault point " + point);
        System.err.flush();
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }
}
