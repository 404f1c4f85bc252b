package io.hayloft.storage;

import io.hayloft.api.HayloftException;
import java.nio.ByteBuffer;

/**
 * A live needle as one self-contained record, byte for byte the {@code .dat} record layout of
 * {@link NeedleCodec} (header, body, CRC-32C, append timestamp, padding to 8 bytes). Replica sync
 * moves needles between volume servers in this form, so a copy keeps its cookie, TTL, append
 * timestamp and checksum exactly. Stateless.
 */
public final class NeedleRecords {
    private NeedleRecords() {
    }

    /** The length in bytes of the record of a needle whose body is {@code bodySize} bytes (an index entry's size). */
    public static long recordLength(int bodySize) {
        return NeedleCodec.recordLength(bodySize);
    }

    /**
     * Encodes {@code needle} with its append timestamp and checksum as they are.
     *
     * @throws HayloftException {@code PAYLOAD_TOO_LARGE} if it cannot fit a record
     */
    public static byte[] encode(Needle needle) {
        ByteBuffer record = NeedleCodec.encode(needle);
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }

    /**
     * Decodes and verifies one live-needle record.
     *
     * @return the needle with its stored append timestamp
     * @throws HayloftException {@code BAD_REQUEST} if the bytes are not exactly one valid live-needle
     *                          record (short, trailing bytes, bad checksum, a tombstone)
     */
    public static Needle decode(byte[] bytes) {
        NeedleCodec.DecodedRecord record;
        try {
            record = NeedleCodec.decode(ByteBuffer.wrap(bytes), 0);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("not a valid needle record: " + e.getMessage());
        }
        if (record.needle() == null) {
            throw HayloftException.badRequest("a tombstone is not a needle record");
        }
        long length = NeedleCodec.recordLength(record.bodySize());
        if (length != bytes.length) {
            throw HayloftException.badRequest("needle record of " + length + " bytes followed by "
                    + (bytes.length - length) + " more bytes");
        }
        return record.needle();
    }
}
