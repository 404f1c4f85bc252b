package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NeedleCodecTest {
    private static final long NOW = 1_700_000_000_123_456_789L;

    @Test
    void plainNeedleHasTheDocumentedLayout() {
        Needle n = Needle.of(0x0102030405060708L, 0xCAFEBABE, new byte[]{9, 8, 7});
        ByteBuffer b = NeedleCodec.encode(n);
        NeedleCodec.setAppendAtNs(b, NOW);
        // header 16 + body (4 + 3 + 1 flags) 8 + trailer 12 = 36, padded to 40
        assertThat(b.remaining()).isEqualTo(40);
        assertThat(b.getInt(0)).isEqualTo(0xCAFEBABE);
        assertThat(b.getLong(4)).isEqualTo(0x0102030405060708L);
        assertThat(b.getInt(12)).isEqualTo(8);
        assertThat(b.getInt(16)).isEqualTo(3);
        assertThat(b.get(20)).isEqualTo((byte) 9);
        assertThat(b.get(23)).isZero();
        assertThat(b.getInt(24)).isEqualTo(n.checksum());
        assertThat(b.getLong(28)).isEqualTo(NOW);
        assertThat(b.getInt(36)).isZero();
    }

    @Test
    void optionalFieldsFollowTheFlagsInOrder() {
        Needle n = Needle.of(1, 2, new byte[]{1}).withName("ab").withMime("c").withLastModified(0x1122)
                .withTtl(Ttl.parse("3h")).withPairs(Map.of("k", "vv"));
        ByteBuffer b = NeedleCodec.encode(n);
        int p = 16 + 4 + 1;
        assertThat(b.get(p++)).isEqualTo((byte) 0x1F);
        assertThat(b.get(p++)).isEqualTo((byte) 2);
        assertThat(new String(b.array(), p, 2, StandardCharsets.UTF_8)).isEqualTo("ab");
        p += 2;
        assertThat(b.get(p++)).isEqualTo((byte) 1);
        assertThat((char) b.get(p++)).isEqualTo('c');
        assertThat(b.getLong(p)).isEqualTo(0x1122);
        p += 8;
        assertThat(b.get(p++)).isEqualTo((byte) 3);
        assertThat(b.get(p++)).isEqualTo((byte) 2);
        assertThat(b.getShort(p)).isEqualTo((short) 7);
        p += 2;
        assertThat(b.getShort(p)).isEqualTo((short) 1);
        assertThat(b.getShort(p + 3)).isEqualTo((short) 2);
        p += 7;
        assertThat(b.getInt(12)).isEqualTo(p - 16);
    }

    @Test
    void decodesWhatItEncodes() {
        Needle n = Needle.of(-5L, -6, "data".getBytes(StandardCharsets.UTF_8)).withName("näme.txt")
                .withMime("text/plain").withLastModified(1_700_000_000L).withTtl(Ttl.parse("8y"))
                .withPairs(Map.of("a", "1", "b", ""));
        ByteBuffer b = NeedleCodec.encode(n);
        NeedleCodec.setAppendAtNs(b, NOW);
        NeedleCodec.DecodedRecord r = NeedleCodec.decode(b, 8);
        assertThat(r.tombstone()).isFalse();
        assertThat(r.needle()).isEqualTo(n.withAppendAtNs(NOW));
        assertThat(r.bodySize()).isEqualTo(b.getInt(12));
    }

    @Test
    void everyRecordLengthIsAMultipleOfEight() {
        for (int size = 0; size < 64; size++) {
            ByteBuffer b = NeedleCodec.encode(Needle.of(1, 1, new byte[size]));
            assertThat(b.remaining() % 8).isZero();
            assertThat((long) b.remaining()).isEqualTo(NeedleCodec.recordLength(b.getInt(12)));
        }
        assertThat(NeedleCodec.encode(Needle.of(1, 1, new byte[0])).remaining())
                .isEqualTo(NeedleCodec.MIN_NEEDLE_RECORD_SIZE);
    }

    @Test
    void tombstoneIsAnEmptyBodyWithZeroChecksum() {
        ByteBuffer b = NeedleCodec.encodeTombstone(42, 7, NOW);
        assertThat(b.remaining()).isEqualTo(NeedleCodec.TOMBSTONE_RECORD_SIZE);
        assertThat(b.getInt(0)).isEqualTo(7);
        assertThat(b.getLong(4)).isEqualTo(42);
        assertThat(b.getInt(12)).isZero();
        assertThat(b.getInt(16)).isZero();
        assertThat(b.getLong(20)).isEqualTo(NOW);
        NeedleCodec.DecodedRecord r = NeedleCodec.decode(b, 8);
        assertThat(r.tombstone()).isTrue();
        assertThat(r.key()).isEqualTo(42);
        assertThat(r.cookie()).isEqualTo(7);
    }

    @Test
    void aZeroFilledRecordIsCorruptNotATombstone() {
        assertCorrupt(ByteBuffer.allocate(64));
    }

    @Test
    void detectsAFlippedBitInTheDataSizeFlagsChecksumOrPadding() {
        Needle n = Needle.of(1, 2, "some bytes".getBytes(StandardCharsets.UTF_8)).withName("n");
        ByteBuffer original = NeedleCodec.encode(n);
        NeedleCodec.setAppendAtNs(original, NOW);
        int body = original.getInt(12);
        for (int i = 12; i < 16 + body + 4; i++) {
            ByteBuffer b = ByteBuffer.wrap(original.array().clone());
            b.put(i, (byte) (b.get(i) ^ 0x10));
            if (i == 16 + 4 + 10 + 2) {
                continue; // a flipped name byte still decodes: the checksum covers only the data
            }
            assertCorrupt(b);
        }
        for (int i = 16 + body + 12; i < original.limit(); i++) {
            ByteBuffer b = ByteBuffer.wrap(original.array().clone());
            b.put(i, (byte) 1);
            assertCorrupt(b);
        }
    }

    @Test
    void refusesACutRecord() {
        ByteBuffer b = NeedleCodec.encode(Needle.of(1, 2, new byte[100]));
        NeedleCodec.setAppendAtNs(b, NOW);
        assertCorrupt(b.limit(b.limit() - 8));
    }

    private static void assertCorrupt(ByteBuffer record) {
        assertThatThrownBy(() -> NeedleCodec.decode(record, 8))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
    }
}
