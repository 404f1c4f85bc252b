package io.hayloft.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindsTest {
    private static final Kind<Long> SIZE = Kinds.bytes(Kinds.MIB, Kinds.MIB, 32 * Kinds.GIB);
    private static final Kind<Duration> SECONDS = Kinds.duration(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofHours(1));

    @Test
    void sizesReadBinaryUnitsAndBareNumbersInTheFlagsUnit() {
        assertThat(SIZE.parse("30000")).isEqualTo(30_000L << 20);
        assertThat(SIZE.parse("30GiB")).isEqualTo(30L << 30);
        assertThat(SIZE.parse("512 mib")).isEqualTo(512L << 20);
        assertThat(SIZE.parse("7B")).isEqualTo(7);
        assertThat(SIZE.format(30_000L << 20)).isEqualTo("30000MiB");
        assertThat(SIZE.format(32L << 30)).isEqualTo("32GiB");
        assertThatThrownBy(() -> SIZE.parse("30GB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SIZE.parse("9999999999999TiB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsReadUnitsAndBareNumbersInTheFlagsUnit() {
        assertThat(SECONDS.parse("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(SECONDS.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SECONDS.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SECONDS.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(SECONDS.format(Duration.ofDays(1))).isEqualTo("1d");
        Kind<Duration> unitRequired = Kinds.duration(null, Duration.ZERO, Duration.ofDays(1));
        assertThatThrownBy(() -> unitRequired.parse("90")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SECONDS.parse("5x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsCheckEveryItemAgainstTheRange() {
        Kind<List<Integer>> counts = Kinds.listOf(Kinds.count(0, 10));
        assertThat(counts.parse("7,5")).containsExactly(7, 5);
        assertThat(counts.parse("")).isEmpty();
        assertThat(counts.allowsValue(List.of(3, 11))).isFalse();
        assertThatThrownBy(() -> counts.parse("7,,5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSettingRejectsMalformedAndOutOfRangeTextNamingTheFlagAndTheRange() {
        Setting<Object, Long> s = Setting.of("volumeSizeLimitMB", SIZE, 30_000L << 20, "d", (c, v) -> c);
        assertThat(s.parse(null, s.flag())).isEqualTo(30_000L << 20);
        assertThatThrownBy(() -> s.parse("40000", "-volumeSizeLimitMB"))
                .isInstanceOf(HayloftException.class)
                .hasMessage("-volumeSizeLimitMB must be a size in 1MiB..32GiB (such as 512MiB or 30GiB; a bare number"
                        + " is MiB), got '40000'");
        assertThatThrownBy(() -> s.parse("lots", "-master.volumeSizeLimitMB"))
                .hasMessageStartingWith("-master.volumeSizeLimitMB must be a size in 1MiB..32GiB");
        assertThatThrownBy(() -> s.check(1L)).hasMessageStartingWith("-volumeSizeLimitMB must be")
                .hasMessageEndingWith("got 1B");
    }

    @Test
    void aDefaultOutsideItsRangeCannotBeDefined() {
        assertThatThrownBy(() -> Setting.of("max", Kinds.count(0, 10), 11, "d", (c, v) -> c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> Setting.derived("x", Kinds.count(0, 10), null, "d", (c, v) -> c))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
