package io.hayloft.volume.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrubThrottleTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private ScrubThrottle throttle(long bytesPerSecond) {
        return new ScrubThrottle(bytesPerSecond, () -> now, n -> {
            sleeps.add(n);
            now += n;
        });
    }

    @Test
    void sleepsUntilTheAverageRateIsBackUnderTheLimit() {
        ScrubThrottle t = throttle(1_000_000);
        t.consumed(500_000);
        assertThat(sleeps).containsExactly(500_000_000L);
        now += 100_000_000L; // 0.1 s of reading
        t.consumed(500_000);
        assertThat(sleeps).containsExactly(500_000_000L, 400_000_000L);
        assertThat(now).isEqualTo(1_000_000_000L);
    }

    @Test
    void neverSleepsWhenReadingIsSlowerThanTheLimit() {
        ScrubThrottle t = throttle(1_000_000);
        now += 2_000_000_000L;
        t.consumed(1_000_000);
        assertThat(sleeps).isEmpty();
    }
}
