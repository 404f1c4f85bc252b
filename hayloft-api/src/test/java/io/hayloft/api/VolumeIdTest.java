package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeIdTest {

    @Test
    void parsesDecimal() {
        assertThat(VolumeId.parse("42")).isEqualTo(VolumeId.of(42));
        assertThat(VolumeId.parse("2147483647").value()).isEqualTo(Integer.MAX_VALUE);
        assertThat(VolumeId.of(7).toString()).isEqualTo("7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "+1", "2147483648", "1e3", "abc", " 1", "99999999999"})
    void rejectsOutOfRangeAndGarbage(String text) {
        assertThatThrownBy(() -> VolumeId.parse(text)).isInstanceOf(HayloftException.class);
    }
}
