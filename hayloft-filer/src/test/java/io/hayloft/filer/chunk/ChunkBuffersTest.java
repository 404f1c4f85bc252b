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
}
