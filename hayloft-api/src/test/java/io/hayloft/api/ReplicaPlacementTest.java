package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaPlacementTest {

    @ParameterizedTest
    @CsvSource({"000,0,0,0,1", "001,0,0,1,2", "010,0,1,0,2", "100,1,0,0,2", "200,2,0,0,3", "110,1,1,0,3",
        "011,0,1,1,3", "002,0,0,2,3", "211,2,1,1,5"})
    void parsesCodes(String code, int x, int y, int z, int copies) {
        ReplicaPlacement p = ReplicaPlacement.parse(code);
        assertThat(p).isEqualTo(new ReplicaPlacement(x, y, z));
        assertThat(p.copies()).isEqualTo(copies);
        assertThat(p.toString()).isEqualTo(code);
        assertThat(ReplicaPlacement.fromByte(p.toByte())).isEqualTo(p);
    }

    @Test
    void singleDigitIsLeftPadded() {
        assertThat(ReplicaPlacement.parse("9")).isEqualTo(new ReplicaPlacement(0, 0, 9));
    }

    @Test
    void emptyMeansNoReplication() {
        assertThat(ReplicaPlacement.parse("")).isEqualTo(ReplicaPlacement.NONE);
        assertThat(ReplicaPlacement.parse(null)).isEqualTo(ReplicaPlacement.NONE);
        assertThat(ReplicaPlacement.parse("1")).isEqualTo(new ReplicaPlacement(0, 0, 1));
    }

    @Test
    void byteFormIsHundredXPlusTenYPlusZ() {
        assertThat(ReplicaPlacement.parse("110").toByte()).isEqualTo((byte) 110);
        assertThat(ReplicaPlacement.parse("255").toByte() & 0xFF).isEqualTo(255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0001", "-01", "300", "256", "299", "0x1", " 01"})
    void rejectsBadCodes(String code) {
        assertThatThrownBy(() -> ReplicaPlacement.parse(code)).isInstanceOf(HayloftException.class);
    }
}
