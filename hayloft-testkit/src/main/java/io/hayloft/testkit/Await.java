package io.hayloft.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline: the only way Hayloft tests wait. */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what, e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    /**
     * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes; returns whether it
     * held (for tests that assert on it themselves). A condition that throws counts as not holding.
     */
    public static boolean holds(Duration timeout, BooleanSupplier condition) {
        try {
            until("a condition", timeout, condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
