package io.hayloft.volume.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRateThrottleTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private ByteRateThrottle throttle(long bytesPerSecond) {
        return new ByteRateThrottle(bytesPerSecond, () -> now, n -> {
            sleeps.add(n);
            now += n;
        });
    }

    @Test
    void sleepsUntilTheAverageRateIsBackUnderTheLimit() {
        ByteRateThrottle t = throttle(1_000_000);
        t.consumed(500_000);
        assertThat(sleeps).containsExactly(500_000_000L);
        now += 100_000_000L; // 0.1 s of reading
        t.consumed(500_000);
        assertThat(sleeps).containsExactly(500_000_000L, 400_000_000L);
        assertThat(now).isEqualTo(1_000_000_000L);
    }

    @Test
    void neverSleepsWhenReadingIsSlowerThanTheLimit() {
        ByteRateThrottle t = throttle(1_000_000);
        now += 2_000_000_000L;
        t.consumed(1_000_000);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void mibPerSecondCountsInMebibytes() {
        assertThat(ByteRateThrottle.mibPerSecond(3).bytesPerSecond()).isEqualTo(3L * 1024 * 1024);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> throttle(0)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> ByteRateThrottle.mibPerSecond(-1)).isInstanceOf(HayloftException.class);
    }
}
