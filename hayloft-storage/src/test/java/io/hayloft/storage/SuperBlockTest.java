package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuperBlockTest {
    @Test
    void encodesEachFieldAtItsDocumentedByte() {
        SuperBlock sb = new SuperBlock(1, ReplicaPlacement.parse("012"), Ttl.parse("5d"), 0x0102);
        assertThat(sb.encode()).containsExactly(1, 12, 5, 3, 1, 2, 0, 0);
    }

    @Test
    void decodesWhatItEncodes() {
        SuperBlock sb = new SuperBlock(1, ReplicaPlacement.parse("200"), Ttl.parse("7M"), 65535);
        assertThat(SuperBlock.decode(sb.encode())).isEqualTo(sb);
        assertThat(SuperBlock.decode(SuperBlock.of(ReplicaPlacement.NONE, Ttl.NONE).encode()).ttl()).isEqualTo(Ttl.NONE);
    }

    @Test
    void refusesUnknownVersions() {
        byte[] bytes = SuperBlock.of(ReplicaPlacement.NONE, Ttl.NONE).encode();
        bytes[0] = 2;
        assertThatThrownBy(() -> SuperBlock.decode(bytes))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
                .hasMessageContaining("version 2");
    }

    @Test
    void refusesShortOrInvalidBytes() {
        assertThatThrownBy(() -> SuperBlock.decode(new byte[7])).isInstanceOf(HayloftException.class);
        byte[] badTtl = {1, 0, 3, 9, 0, 0, 0, 0};
        assertThatThrownBy(() -> SuperBlock.decode(badTtl))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
    }

    @Test
    void rejectsRevisionsThatDoNotFitSixteenBits() {
        assertThatThrownBy(() -> new SuperBlock(1, ReplicaPlacement.NONE, Ttl.NONE, 65536))
                .isInstanceOf(HayloftException.class);
    }
}
