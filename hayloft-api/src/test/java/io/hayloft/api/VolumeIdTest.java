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
    @ValueSource(strings = {"2147483648", "4000000000", "4294967295"})
    void volumeIdsAreUnsigned32BitAsInSeaweedFs(String text) {
        VolumeId id = VolumeId.parse(text);
        assertThat(id.toString()).isEqualTo(text);
        assertThat(id.unsignedValue()).isEqualTo(Long.parseLong(text));
        assertThat(id).isGreaterThan(VolumeId.of(Integer.MAX_VALUE));
        assertThat(FileId.parse(text + ",01637037d6").toString()).isEqualTo(text + ",01637037d6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "+1", "4294967296", "1e3", "abc", " 1", "99999999999", "00000000000"})
    void rejectsOutOfRangeAndGarbage(String text) {
        assertThatThrownBy(() -> VolumeId.parse(text)).isInstanceOf(HayloftException.class);
    }
}
