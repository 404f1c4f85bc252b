package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** {@link ChunkBuffers}: buffers are reused, never more than the capacity exist, and close uncounts them. */
class ChunkBuffersTest {
    @Test
    void aBufferGivenBackIsTheOneTakenNext() {
        BufferedBytes buffered = new BufferedBytes();
        try (ChunkBuffers pool = new ChunkBuffers(1024, 2, buffered)) {
            for (int i = 0; i < 100; i++) {
                byte[] a = pool.take();
                byte[] b = pool.take();
                pool.give(a);
                pool.give(b);
            }
            assertThat(pool.allocated()).isEqualTo(2);
            assertThat(buffered.current()).isEqualTo(2 * 1024);
        }
        assertThat(buffered.current()).isZero();
        assertThat(buffered.peak()).isEqualTo(2 * 1024);
    }

    @Test
    void takeWaitsWhileEveryBufferIsOut() throws Exception {
        BufferedBytes buffered = new BufferedBytes();
        try (ChunkBuffers pool = new ChunkBuffers(16, 1, buffered);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] first = pool.take();
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(pool::take, threads);
            Await.until("a second take waits", Duration.ofSeconds(10), pool::hasWaiters);
            assertThat(second).isNotDone();

            pool.give(first);

            assertThat(second.get()).isSameAs(first);
            assertThat(pool.allocated()).isEqualTo(1);
            pool.give(first);
        }
        assertThat(buffered.current()).isZero();
    }

    @Test
    void closeLeavesTheArraysToTheSparesAndTheNextUploadTakesThem() {
        BufferedBytes buffered = new BufferedBytes();
        SpareChunkArrays spares = new SpareChunkArrays(2 * 1024, buffered);
        byte[] a;
        byte[] b;
        try (ChunkBuffers first = new ChunkBuffers(1024, 3, buffered, spares)) {
            a = first.take();
            b = first.take();
            byte[] c = first.take();
            first.give(a);
            first.give(b);
            first.give(c);
        }
        assertThat(spares.spareBytes()).as("two of three kept").isEqualTo(2 * 1024);
        assertThat(buffered.current()).as("the kept ones stay counted").isEqualTo(2 * 1024);

        try (ChunkBuffers second = new ChunkBuffers(1024, 3, buffered, spares)) {
            byte[] x = second.take();
            byte[] y = second.take();
            assertThat(java.util.List.of(x, y)).containsExactlyInAnyOrder(a, b);
            assertThat(buffered.current()).isEqualTo(2 * 1024);
            second.give(x);
            second.give(y);
        }
        assertThat(buffered.current()).isEqualTo(2 * 1024);
        assertThat(buffered.peak()).isEqualTo(3 * 1024);
    }

    /**
     * Kept arrays of another size give their room back: with room for three buffers only, three kept
     * 1 KiB arrays do not keep an upload of 2 KiB chunks from taking its three buffers at once.
     */
    @Test
    void keptArraysOfAnotherSizeAreDroppedForRoom() throws Exception {
        BufferedBytes buffered = new BufferedBytes(3 * 2048, Duration.ofSeconds(30));
        SpareChunkArrays spares = new SpareChunkArrays(3 * 2048, buffered);
        try (ChunkBuffers small = new ChunkBuffers(1024, 3, buffered, spares)) {
            byte[][] taken = {small.take(), small.take(), small.take()};
            for (byte[] t : taken) {
                small.give(t);
            }
        }
        assertThat(spares.spareBytes()).isEqualTo(3 * 1024);

        try (ChunkBuffers large = new ChunkBuffers(2048, 3, buffered, spares);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[][] taken = threads.submit(() -> new byte[][] {large.take(), large.take(), large.take()})
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            for (byte[] t : taken) {
                assertThat(t).hasSize(2048);
            }
            assertThat(buffered.current()).isEqualTo(3 * 2048);
            for (byte[] t : taken) {
                large.give(t);
            }
        }
        assertThat(spares.spareBytes()).isEqualTo(3 * 2048);
        assertThat(buffered.peak()).isLessThanOrEqualTo(3 * 2048);
    }
}
