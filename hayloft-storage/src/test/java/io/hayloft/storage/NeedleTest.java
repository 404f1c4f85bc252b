package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NeedleTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void ofComputesTheCrc32cAndLeavesOtherFieldsEmpty() {
        Needle n = Needle.of(1, 2, "123456789".getBytes(StandardCharsets.US_ASCII));
        // CRC-32C check value from RFC 3720.
        assertThat(n.checksum()).isEqualTo(0xE3069283);
        assertThat(n.eTag()).isEqualTo("e3069283");
        assertThat(n.name()).isEmpty();
        assertThat(n.mime()).isEmpty();
        assertThat(n.ttl()).isEqualTo(Ttl.NONE);
        assertThat(n.pairs()).isEmpty();
        assertThat(n.lastModified()).isZero();
        assertThat(n.appendAtNs()).isZero();
        assertThat(n.dataSize()).isEqualTo(9);
    }

    @Test
    void eTagIsAlwaysEightLowercaseHexDigits() {
        Needle n = new Needle(1, 2, HELLO, "", "", 0, Ttl.NONE, Map.of(), 0x0000_00AB, 0);
        assertThat(n.eTag()).isEqualTo("000000ab");
    }

    @Test
    void withersKeepEveryOtherField() {
        Needle n = Needle.of(1, 2, HELLO).withName("a.txt").withMime("text/plain").withLastModified(99)
                .withTtl(Ttl.parse("3d")).withPairs(Map.of("k", "v"));
        assertThat(n.name()).isEqualTo("a.txt");
        assertThat(n.mime()).isEqualTo("text/plain");
        assertThat(n.lastModified()).isEqualTo(99);
        assertThat(n.ttl()).isEqualTo(Ttl.parse("3d"));
        assertThat(n.pairs()).containsExactly(Map.entry("k", "v"));
        assertThat(n.checksum()).isEqualTo(Needle.crc32c(HELLO));
    }

    @Test
    void equalityComparesDataByContent() {
        assertThat(Needle.of(1, 2, HELLO)).isEqualTo(Needle.of(1, 2, HELLO.clone()))
                .hasSameHashCodeAs(Needle.of(1, 2, HELLO.clone()))
                .isNotEqualTo(Needle.of(1, 3, HELLO));
    }

    @Test
    void rejectsNamesAndMimesLongerThan255Utf8Bytes() {
        String name = "é".repeat(128);
        assertThatThrownBy(() -> Needle.of(1, 2, HELLO).withName(name))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> Needle.of(1, 2, HELLO).withMime("x".repeat(256)))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(Needle.of(1, 2, HELLO).withName("x".repeat(255)).name()).hasSize(255);
    }

    @Test
    void rejectsPairsThatDoNotFitTheirLengthField() {
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            big.put("key" + i, "v".repeat(700));
        }
        assertThatThrownBy(() -> Needle.of(1, 2, HELLO).withPairs(big))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        Map<String, String> emptyKey = Map.of("", "v");
        assertThatThrownBy(() -> Needle.of(1, 2, HELLO).withPairs(emptyKey))
                .isInstanceOf(HayloftException.class);
    }

    @Test
    void rejectsMissingDataAndNegativeTimes() {
        assertThatThrownBy(() -> Needle.of(1, 2, null)).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> Needle.of(1, 2, HELLO).withLastModified(-1)).isInstanceOf(HayloftException.class);
    }

    @Test
    void pairsAreSortedAndUnmodifiable() {
        Map<String, String> pairs = new HashMap<>(Map.of("b", "2", "a", "1"));
        Needle n = Needle.of(1, 2, HELLO).withPairs(pairs);
        pairs.put("c", "3");
        assertThat(n.pairs().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> n.pairs().put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
    }
}
