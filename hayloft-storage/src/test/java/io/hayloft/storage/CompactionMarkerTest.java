package io.hayloft.storage;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactionMarkerTest {
    private final CompactionMarker marker = new CompactionMarker(65535, 123_456_789_000L, 16 * 1000);

    @Test
    void encodesTheDocumentedLayoutAndDecodesItBack() {
        byte[] bytes = marker.encode();
        assertThat(bytes).hasSize(CompactionMarker.SIZE);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('H', 'L', 'C', 'M', 1, 0, 0xFF - 256, 0xFF - 256);
        assertThat(CompactionMarker.decode(bytes)).contains(marker);
    }

    @Test
    void rejectsATornMarker() {
        byte[] bytes = marker.encode();
        for (int length = 0; length < bytes.length; length++) {
            assertThat(CompactionMarker.decode(Arrays.copyOf(bytes, length))).isEmpty();
        }
    }

    @Test
    void rejectsAMarkerWithAnyFlippedByte() {
        for (int i = 0; i < CompactionMarker.SIZE; i++) {
            byte[] bytes = marker.encode();
            bytes[i] ^= 0x01;
            assertThat(CompactionMarker.decode(bytes)).as("flipped byte %d", i).isEmpty();
        }
    }

    @Test
    void rejectsImpossibleLengths() {
        assertThatThrownBy(() -> new CompactionMarker(1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactionMarker(1, 8, 15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactionMarker(65536, 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
