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
import java.util.function.Supplier;

/**
 * Runs {@code operations} numbered operations on {@code concurrency} worker threads, each worker
 * taking the next number until none are left, and measures them. Workers are platform threads,
 * each with its own {@link BenchClient} (its own kept-alive connections): a blocking socket call on
 * a platform thread costs no scheduler hand-off, so the load generator stays cheaper than the
 * servers it measures.
 */
final class PhaseRunner {
    /** One benchmark operation. */
    interface Operation {
        /**
         * Runs operation {@code index} with the calling worker's client.
         *
         * @return payload bytes moved
         * @throws RuntimeException when the operation failed; it is counted, not rethrown
         */
        long run(int index, BenchClient client);
    }

    private PhaseRunner() {
    }

    /**
     * Runs the operations and returns the measurements once every worker has finished.
     *
     * @param clients makes each worker's client; each is closed when its worker is done
     */
    static PhaseResult run(String name, int concurrency, int operations, Supplier<BenchClient> clients,
                           Operation operation) {
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
             ExecutorService workers = Executors.newFixedThreadPool(concurrency,
                     Thread.ofPlatform().name("benchmark-", 0).daemon().factory())) {
            for (LatencyRecorder recorder : recorders) {
                workers.execute(() -> {
                    try (BenchClient client = clients.get()) {
                        work(operations, operation, client, recorder, next, bytes, failed, firstError, progress);
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] latencies = LatencyRecorder.mergeSorted(recorders);
        return new PhaseResult(name, concurrency, latencies.length, failed.sum(), bytes.sum(), elapsed, latencies,
                firstError.get());
    }

    private static void work(int operations, Operation operation, BenchClient client, LatencyRecorder recorder,
                             AtomicInteger next, LongAdder bytes, LongAdder failed, AtomicReference<String> firstError,
                             Progress progress) {
        for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            try {
                bytes.add(operation.run(i, client));
                recorder.record(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                failed.increment();
                firstError.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            progress.step();
        }
    }
}
