package io.hayloft.volume.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopReadGateTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LoopReadGate gate = new LoopReadGate(nanos::get, Duration.ofNanos(500_000));

    private void read(Duration took) {
        long start = gate.now();
        nanos.addAndGet(took.toNanos());
        gate.readTook(start);
    }

    @Test
    void pageCacheReadsStayOnTheLoop() {
        for (int i = 0; i < 1000; i++) {
            assertThat(gate.mayReadOnLoop()).isTrue();
            read(Duration.ofNanos(20_000L));
        }
        read(Duration.ofNanos(500_000)); // at the threshold is still fast
        assertThat(gate.mayReadOnLoop()).isTrue();
    }

    @Test
    void aDiskReadSendsReadsOffTheLoopForTheCoolDownThenTheLoopIsTriedAgain() {
        read(Duration.ofMillis(3));
        assertThat(gate.mayReadOnLoop()).isFalse();
        nanos.addAndGet(LoopReadGate.COOL_DOWN.toNanos() - 1);
        assertThat(gate.mayReadOnLoop()).isFalse();
        nanos.addAndGet(1);
        assertThat(gate.mayReadOnLoop()).isTrue();
        read(Duration.ofNanos(10_000L));
        assertThat(gate.mayReadOnLoop()).isTrue();
    }

    @Test
    void anotherSlowReadAfterTheCoolDownStartsANewOne() {
        read(Duration.ofMillis(2));
        nanos.addAndGet(LoopReadGate.COOL_DOWN.toNanos());
        assertThat(gate.mayReadOnLoop()).isTrue();
        read(Duration.ofMillis(2));
        assertThat(gate.mayReadOnLoop()).isFalse();
    }
}
