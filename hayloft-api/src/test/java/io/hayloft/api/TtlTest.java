package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {

    @ParameterizedTest
    @CsvSource({"3m,180", "4h,14400", "5d,432000", "6w,3628800", "7M,18144000", "8y,252288000"})
    void parsesEveryUnit(String text, long seconds) {
        Ttl ttl = Ttl.parse(text);
        assertThat(ttl.duration()).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(ttl.toString()).isEqualTo(text);
        assertThat(Ttl.fromBytes(ttl.countByte(), ttl.unitByte())).isEqualTo(ttl);
    }

    @Test
    void bareNumberIsMinutes() {
        assertThat(Ttl.parse("90")).isEqualTo(new Ttl(90, Ttl.Unit.MINUTE));
    }

    @Test
    void emptyAndZeroMeanNever() {
        assertThat(Ttl.parse("")).isEqualTo(Ttl.NONE);
        assertThat(Ttl.parse(null)).isEqualTo(Ttl.NONE);
        assertThat(Ttl.parse("0m")).isEqualTo(Ttl.NONE);
        assertThat(Ttl.NONE.isNone()).isTrue();
        assertThat(Ttl.NONE.duration()).isEqualTo(Duration.ZERO);
        assertThat(Ttl.fromBytes((byte) 0, (byte) 0)).isEqualTo(Ttl.NONE);
        assertThat(Ttl.NONE.toString()).isEmpty();
    }

    @Test
    void largeCountsMoveToALargerUnitRoundingUp() {
        assertThat(Ttl.parse("300m")).isEqualTo(new Ttl(5, Ttl.Unit.HOUR));
        assertThat(Ttl.parse("301m")).isEqualTo(new Ttl(6, Ttl.Unit.HOUR));
        assertThat(Ttl.parse("400d")).isEqualTo(new Ttl(58, Ttl.Unit.WEEK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m", "3x", "-3m", "3.5h", "abc", "1000000000000y", "3 m"})
    void rejectsBadText(String text) {
        assertThatThrownBy(() -> Ttl.parse(text)).isInstanceOf(HayloftException.class);
    }

    @Test
    void rejectsUnknownUnitCode() {
        assertThatThrownBy(() -> Ttl.fromBytes((byte) 3, (byte) 9)).isInstanceOf(HayloftException.class);
    }
}
