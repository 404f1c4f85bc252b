package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileIdTest {

    @Test
    void parsesTheSeedExample() {
        FileId fid = FileId.parse("3,01637037d6");
        assertThat(fid.volumeId().value()).isEqualTo(3);
        assertThat(fid.key()).isEqualTo(1L);
        assertThat(fid.cookie()).isEqualTo(0x637037d6);
        assertThat(fid.toString()).isEqualTo("3,01637037d6");
    }

    @Test
    void formatsKeyWithoutLeadingZeroBytesAndCookieAsEightDigits() {
        assertThat(FileId.of(5, 0x1c, 0xe2111f1).toString()).isEqualTo("5,1c0e2111f1");
        assertThat(FileId.of(1, 0x01f9, 0x6b93eb).toString()).isEqualTo("1,01f9006b93eb");
        assertThat(FileId.of(7, 0xFFFFFFFFFFFFFFFFL, -1).toString()).isEqualTo("7,ffffffffffffffffffffffff");
    }

    @Test
    void formatsEveryKeyLengthAsTheReferenceFormula() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int bits = 1; bits <= 64; bits++) {
            for (int i = 0; i < 50; i++) {
                long key = bits == 64 ? r.nextLong() | Long.MIN_VALUE : (r.nextLong() >>> (64 - bits)) | (1L << (bits - 1));
                int cookie = r.nextInt();
                String k = Long.toHexString(key);
                String expected = ((k.length() & 1) == 1 ? "0" + k : k) + String.format("%08x", cookie);
                assertThat(FileId.of(9, key, cookie).keyAndCookieHex()).as("seed %d", seed).isEqualTo(expected);
            }
        }
    }

    @Test
    void parsesOddLengthKeysAsSeaweedFsWritesThem() {
        // seed 001: localhost:8081/5,1ce2111f1 (key 0x1, cookie 0xce2111f1)
        FileId fid = FileId.parse("5,1ce2111f1");
        assertThat(fid.key()).isEqualTo(1L);
        assertThat(fid.cookie()).isEqualTo(0xce2111f1);
    }

    @Test
    void roundTripsRandomIds() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            long key = r.nextLong();
            if (key == 0) {
                continue;
            }
            FileId fid = FileId.of(1 + r.nextInt(Integer.MAX_VALUE), key, r.nextInt());
            assertThat(FileId.parse(fid.toString())).as("seed %d", seed).isEqualTo(fid);
        }
    }

    @Test
    void underscoreSuffixAddsToTheKey() {
        FileId base = FileId.parse("3,01637037d6");
        assertThat(FileId.parse("3,01637037d6_2")).isEqualTo(base.plus(2));
        assertThat(base.plus(2).key()).isEqualTo(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "3", "3,", ",01637037d6", "x,01637037d6", "0,01637037d6", "-1,01637037d6",
        "3,637037d6", "3,zz637037d6", "3,01637037d6_", "3,01637037d6_x", "99999999999,01637037d6",
        "3,0000000000637037d6", "3,1234567890123456789012345", "3 ,01637037d6"})
    void rejectsMalformedIds(String text) {
        assertThatThrownBy(() -> FileId.parse(text))
                .isInstanceOf(HayloftException.class)
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> FileId.parse(null)).isInstanceOf(HayloftException.class);
    }
}
