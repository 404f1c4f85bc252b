package io.hayloft.volume.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncConfigTest {
    @Test
    void defaultsToAMinuteAndTwoSecondsOfSettle() {
        SyncConfig c = SyncConfig.defaults();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.settle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.enabled()).isTrue();
    }

    @Test
    void zeroIntervalDisablesTheLoop() {
        assertThat(SyncConfig.ofIntervalSeconds(0).enabled()).isFalse();
        assertThat(SyncConfig.DISABLED.enabled()).isFalse();
        assertThat(SyncConfig.ofIntervalSeconds(5).interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SyncConfig.ofIntervalSeconds(5).withSettle(Duration.ZERO).settle()).isZero();
    }

    @Test
    void rejectsNegativeOrHugeDurations() {
        assertThatThrownBy(() -> SyncConfig.ofIntervalSeconds(-1)).isInstanceOf(HayloftException.class)
                .hasMessageContaining("syncIntervalSeconds");
        assertThatThrownBy(() -> new SyncConfig(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new SyncConfig(Duration.ofDays(8), Duration.ZERO))
                .isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> new SyncConfig(null, Duration.ZERO)).isInstanceOf(HayloftException.class);
    }
}
