package io.hayloft.storage;

import java.util.Random;

/** Runs seeded random tests and names the seed when they fail, so a failure can be replayed. */
public final class Seeded {
    /** Functional body that receives the seeded random. */
    @FunctionalInterface
    public interface Body {
        void run(Random random) throws Exception;
    }

    private Seeded() {
    }

    /**
     * Runs {@code body} with a random seeded from {@code -Dhayloft.seed} or, if absent, from the clock,
     * printing the seed;
     * any failure is rethrown wrapped in an AssertionError naming the seed.
     */
    public static void run(Body body) {
        long seed = Long.getLong("hayloft.seed", System.nanoTime());
        System.out.println("seed " + seed + " (replay with -Dhayloft.seed=" + seed + ")");
        try {
            body.run(new Random(seed));
        } catch (Throwable t) {
            throw new AssertionError("failed with seed " + seed + " (rerun with -Dhayloft.seed=" + seed + ")", t);
        }
    }
}
