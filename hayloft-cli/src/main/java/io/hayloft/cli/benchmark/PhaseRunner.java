package io.hayloft.cli.benchmark;

import io.hayloft.cli.console.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs {@code operations} numbered operations on {@code concurrency} virtual threads, each worker
 * taking the next number until none are left, and measures them.
 */
final class PhaseRunner {
    /** One benchmark operation. */
    interface Operation {
        /**
         * Runs operation {@code index}.
         *
         * @return payload bytes moved
         * @throws RuntimeException when the operation failed; it is counted, not rethrown
         */
        long run(int index);
    }

    private PhaseRunner() {
    }

    /** Runs the operations and returns the measurements once every worker has finished. */
    static PhaseResult run(String name, int concurrency, int operations, Operation operation) {
        AtomicInteger next = new AtomicInteger();
        LongAdder bytes = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            recorders.add(new LatencyRecorder());
        }
        long start = System.nanoTime();
        try (Progress progress = Progress.of(name.toLowerCase(Locale.ROOT), operations);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LatencyRecorder recorder : recorders) {
                workers.execute(() -> {
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        try {
                            bytes.add(operation.run(i));
                            recorder.record(System.nanoTime() - t0);
                        } catch (RuntimeException e) {
                            failed.increment();
                            firstError.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
                        }
                        progress.step();
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] latencies = LatencyRecorder.mergeSorted(recorders);
        return new PhaseResult(name, concurrency, latencies.length, failed.sum(), bytes.sum(), elapsed, latencies,
                firstError.get());
    }
}
