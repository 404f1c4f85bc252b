package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    @Test
    void aRoundThatThrowsDoesNotStopTheLoop() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        try (BackgroundLoop loop = new BackgroundLoop("test-loop", "test round")) {
            loop.start(Duration.ofMillis(1), () -> {
                rounds.incrementAndGet();
                third.countDown();
                throw new IllegalStateException("boom");
            });
            assertThat(third.await(10, TimeUnit.SECONDS)).as("rounds after a failing one").isTrue();
        }
        assertThat(rounds.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void closeStopsTheLoopAndCutsAWaitShort() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        BackgroundLoop loop = new BackgroundLoop("test-loop", "test round");
        loop.start(Duration.ofHours(1), rounds::incrementAndGet);
        assertThat(loop.closing()).isFalse();
        loop.close();
        assertThat(loop.closing()).isTrue();
        assertThat(loop.await(Duration.ofHours(1))).as("await returns at once once closing").isFalse();
        assertThat(rounds.get()).as("the first round is one interval away").isZero();
        loop.close(); // idempotent
    }
}
