package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes needle records in {@code .dat}. All integers are big-endian; every record
 * starts at an 8-byte-aligned offset and its total length is a multiple of 8.
 *
 * <pre>
 * offset        size  field
 * ------ header (16 bytes) ------------------------------------------------------------
 *  0            4     cookie (u32)
 *  4            8     key (u64)
 *  12           4     size (u32): body length S in bytes; 0 marks a tombstone (delete)
 * ------ body (S bytes; absent in a tombstone) ---------------------------------------
 *  16           4     data size D (u32)
 *  20           D     data
 *  20+D         1     flags: 0x01 name, 0x02 mime, 0x04 last-modified, 0x08 TTL,
 *                     0x10 pairs; other bits must be 0. Present fields follow in this order:
 *               1+n   name:  length n (u8, 1..255), then n bytes UTF-8
 *               1+m   mime:  length m (u8, 1..255), then m bytes UTF-8
 *               8     last-modified: epoch seconds (u64)
 *               2     TTL: count (u8), unit code (u8), as in the superblock
 *               2+p   pairs: total length p (u16), then p bytes of entries sorted by key,
 *                     each: key length (u16), key UTF-8, value length (u16), value UTF-8
 * ------ trailer (12 bytes) -----------------------------------------------------------
 *  16+S         4     CRC-32C of the data (u32); 0 in a tombstone
 *  20+S         8     append timestamp, epoch nanoseconds (u64)
 *  28+S         0..7  zero padding up to the next multiple of 8
 * </pre>
 *
 * The append timestamp of a written record is always positive, so a zero-filled tail (what a
 * crash can leave behind) never parses as a tombstone.
 * A live needle's body is at least 5 bytes (data size and flags), so {@code size == 0} identifies a
 * tombstone unambiguously; a tombstone record is always {@value #TOMBSTONE_RECORD_SIZE} bytes.
 * The checksum covers the data only (as in SeaweedFS); the other fields are verified structurally:
 * the body must parse to exactly {@code S} bytes with no unknown flag, and the padding must be zero.
 */
final class NeedleCodec {
    static final int HEADER_SIZE = 16;
    static final int TRAILER_SIZE = 12;
    static final int ALIGNMENT = 8;
    /** Data size and flags: the smallest body of a live needle. */
    static final int MIN_LIVE_BODY = 5;
    static final int TOMBSTONE_RECORD_SIZE = 32;
    /** The smallest live needle record (empty data, no optional field). */
    static final int MIN_NEEDLE_RECORD_SIZE = 40;
    /** Records are read into one buffer, so they must fit an array. */
    static final long MAX_RECORD_SIZE = Integer.MAX_VALUE & ~(ALIGNMENT - 1L);
    static final long MAX_BODY_SIZE = MAX_RECORD_SIZE - HEADER_SIZE - TRAILER_SIZE;

    /** Where a live needle's data starts in its record: after the header and the data size. */
    static final int DATA_START = HEADER_SIZE + 4;
    private static final byte[] EMPTY = new byte[0];

    static final int FLAG_NAME = 0x01;
    static final int FLAG_MIME = 0x02;
    static final int FLAG_LAST_MODIFIED = 0x04;
    static final int FLAG_TTL = 0x08;
    static final int FLAG_PAIRS = 0x10;
    private static final int KNOWN_FLAGS = 0x1F;

    /**
     * A record as decoded from disk.
     *
     * @param needle the needle, or null for a tombstone
     */
    record DecodedRecord(int cookie, long key, int bodySize, long appendAtNs, Needle needle) {
        boolean tombstone() {
            return needle == null;
        }
    }

    private NeedleCodec() {
    }

    /** Total record length, padding included, for a body of {@code bodySize} bytes. */
    static long recordLength(long bodySize) {
        return (HEADER_SIZE + bodySize + TRAILER_SIZE + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Encoded length of the pairs (without the u16 total length). */
    static int pairsLength(Map<String, String> pairs) {
        int length = 0;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            length += 4 + utf8(e.getKey()).length + utf8(e.getValue()).length;
            if (length > 0xFFFF) {
                return length;
            }
        }
        return length;
    }

    /**
     * Returns the body length of the needle's record.
     *
     * @throws HayloftException {@code PAYLOAD_TOO_LARGE} if it exceeds {@link #MAX_BODY_SIZE}
     */
    static int bodySize(Needle n) {
        long size = 4L + n.data().length + 1;
        if (!n.name().isEmpty()) {
            size += 1 + utf8(n.name()).length;
        }
        if (!n.mime().isEmpty()) {
            size += 1 + utf8(n.mime()).length;
        }
        if (n.lastModified() != 0) {
            size += 8;
        }
        if (!n.ttl().isNone()) {
            size += 2;
        }
        if (!n.pairs().isEmpty()) {
            size += 2 + pairsLength(n.pairs());
        }
        if (size > MAX_BODY_SIZE) {
            throw new HayloftException(ErrorCode.PAYLOAD_TOO_LARGE, "needle of " + n.data().length
                    + " bytes is larger than a record can hold (" + MAX_BODY_SIZE + " bytes)");
        }
        return (int) size;
    }

    /**
     * Encodes a live needle with its {@link Needle#appendAtNs()} and checksum as given.
     *
     * @return a heap buffer at position 0 holding the whole record
     * @throws HayloftException {@code PAYLOAD_TOO_LARGE} if the record would be too large
     */
    static ByteBuffer encode(Needle n) {
        int bodySize = bodySize(n);
        ByteBuffer b = ByteBuffer.allocate((int) recordLength(bodySize));
        b.putInt(n.cookie()).putLong(n.key()).putInt(bodySize);
        b.putInt(n.data().length).put(n.data());
        putFields(b, n);
        b.putInt(n.checksum()).putLong(n.appendAtNs());
        return b.clear();
    }

    /**
     * Encodes a live needle's record around its data, which stays where it is: the returned head (header
     * and data size) and tail (fields, checksum, append timestamp, zero padding), written with the
     * {@code dataLength} bytes of data between them, are exactly {@link #encode}'s record for the same
     * needle. For appends that gather the parts in one write instead of copying the data into a record.
     *
     * @param fields     key, cookie, name, MIME type, last-modified, TTL and pairs; its data and checksum
     *                   are not used
     * @param dataLength length of the data, bytes
     * @param checksum   CRC-32C of the data
     * @return {head, tail}, heap buffers at position 0
     * @throws HayloftException {@code PAYLOAD_TOO_LARGE} if the record would be too large
     */
    static ByteBuffer[] encodeAround(Needle fields, int dataLength, int checksum, long appendAtNs) {
        long bodySize = (long) bodySize(fields) - fields.data().length + dataLength;
        if (bodySize > MAX_BODY_SIZE) {
            throw new HayloftException(ErrorCode.PAYLOAD_TOO_LARGE, "needle of " + dataLength
                    + " bytes is larger than a record can hold (" + MAX_BODY_SIZE + " bytes)");
        }
        ByteBuffer head = ByteBuffer.allocate(DATA_START);
        head.putInt(fields.cookie()).putLong(fields.key()).putInt((int) bodySize).putInt(dataLength);
        ByteBuffer tail = ByteBuffer.allocate((int) (recordLength(bodySize) - DATA_START - dataLength));
        putFields(tail, fields);
        tail.putInt(checksum).putLong(appendAtNs);
        return new ByteBuffer[] {head.clear(), tail.clear()};
    }

    /** The flags byte and the optional fields of {@code n}, as {@link #encode} writes them after the data. */
    private static void putFields(ByteBuffer b, Needle n) {
        int flags = (n.name().isEmpty() ? 0 : FLAG_NAME) | (n.mime().isEmpty() ? 0 : FLAG_MIME)
                | (n.lastModified() == 0 ? 0 : FLAG_LAST_MODIFIED) | (n.ttl().isNone() ? 0 : FLAG_TTL)
                | (n.pairs().isEmpty() ? 0 : FLAG_PAIRS);
        b.put((byte) flags);
        if ((flags & FLAG_NAME) != 0) {
            byte[] name = utf8(n.name());
            b.put((byte) name.length).put(name);
        }
        if ((flags & FLAG_MIME) != 0) {
            byte[] mime = utf8(n.mime());
            b.put((byte) mime.length).put(mime);
        }
        if ((flags & FLAG_LAST_MODIFIED) != 0) {
            b.putLong(n.lastModified());
        }
        if ((flags & FLAG_TTL) != 0) {
            b.put(n.ttl().countByte()).put(n.ttl().unitByte());
        }
        if ((flags & FLAG_PAIRS) != 0) {
            b.putShort((short) pairsLength(n.pairs()));
            for (Map.Entry<String, String> e : n.pairs().entrySet()) {
                byte[] k = utf8(e.getKey());
                byte[] v = utf8(e.getValue());
                b.putShort((short) k.length).put(k).putShort((short) v.length).put(v);
            }
        }
    }

    /** Encodes a tombstone: header with size 0, CRC 0, the timestamp, 4 bytes of padding. */
    static ByteBuffer encodeTombstone(long key, int cookie, long appendAtNs) {
        ByteBuffer b = ByteBuffer.allocate(TOMBSTONE_RECORD_SIZE);
        b.putInt(cookie).putLong(key).putInt(0).putInt(0).putLong(appendAtNs);
        return b.clear();
    }

    /** Overwrites the append timestamp of an encoded record (position-independent). */
    static void setAppendAtNs(ByteBuffer record, long appendAtNs) {
        record.putLong(HEADER_SIZE + record.getInt(12) + 4, appendAtNs);
    }

    /** The unsigned body size in a header starting at index 0 of {@code header}. */
    static long bodySizeInHeader(ByteBuffer header) {
        return header.getInt(12) & 0xFFFF_FFFFL;
    }

    /**
     * Decodes and verifies the record held from index 0 of {@code record}.
     *
     * @param offset the record's offset in {@code .dat}, for messages only
     * @return the decoded record; its needle carries the stored append timestamp
     * @throws HayloftException {@code CORRUPT} if the buffer is shorter than the record, the body does
     *                          not parse, a flag is unknown, the padding is not zero or the CRC does
     *                          not match
     */
    static DecodedRecord decode(ByteBuffer record, long offset) {
        return decode(record, offset, true);
    }

    /**
     * {@link #decode(ByteBuffer, long)}, verifying everything the same way, but with {@code copyData}
     * false the needle's data is left in {@code record} (at {@link #DATA_START}, {@code record.getInt(HEADER_SIZE)}
     * bytes) and the needle carries an empty array: for readers that send the bytes straight from the buffer.
     */
    static DecodedRecord decode(ByteBuffer record, long offset, boolean copyData) {
        int available = record.limit();
        if (available < HEADER_SIZE) {
            throw corrupt(offset, "shorter than a header");
        }
        int cookie = record.getInt(0);
        long key = record.getLong(4);
        long size = bodySizeInHeader(record);
        if (size > MAX_BODY_SIZE || (size != 0 && size < MIN_LIVE_BODY)) {
            throw corrupt(offset, "impossible body size " + size);
        }
        long length = recordLength(size);
        if (available < length) {
            throw corrupt(offset, "record of " + length + " bytes is cut at " + available);
        }
        int body = (int) size;
        int crcAt = HEADER_SIZE + body;
        int storedCrc = record.getInt(crcAt);
        long appendAtNs = record.getLong(crcAt + 4);
        for (int i = crcAt + TRAILER_SIZE; i < length; i++) {
            if (record.get(i) != 0) {
                throw corrupt(offset, "non-zero padding");
            }
        }
        if (appendAtNs <= 0) {
            throw corrupt(offset, "append time not set");
        }
        if (body == 0) {
            if (storedCrc != 0) {
                throw corrupt(offset, "tombstone with a checksum");
            }
            return new DecodedRecord(cookie, key, 0, appendAtNs, null);
        }
        Needle needle = decodeBody(record, offset, cookie, key, body, storedCrc, appendAtNs, copyData);
        return new DecodedRecord(cookie, key, body, appendAtNs, needle);
    }

    private static Needle decodeBody(ByteBuffer r, long offset, int cookie, long key, int body, int storedCrc,
                                     long appendAtNs, boolean copyData) {
        int end = HEADER_SIZE + body;
        int p = HEADER_SIZE;
        long dataSize = r.getInt(p) & 0xFFFF_FFFFL;
        p += 4;
        if (dataSize > end - p - 1) {
            throw corrupt(offset, "data size " + dataSize + " exceeds body");
        }
        CRC32C crc = new CRC32C();
        crc.update(r.slice(p, (int) dataSize));
        byte[] data = copyData ? new byte[(int) dataSize] : EMPTY;
        if (copyData) {
            r.get(p, data);
        }
        p += (int) dataSize;
        if ((int) crc.getValue() != storedCrc) {
            throw corrupt(offset, "checksum mismatch");
        }
        return decodeFields(r, offset, p, end, cookie, key, data, storedCrc, appendAtNs);
    }

    /**
     * The needle of a record whose data is not in memory: {@code head} holds its first {@link #DATA_START}
     * bytes (header and data size), {@code tail} everything after the data (flags, fields, trailer,
     * padding), and {@code dataCrc} is the CRC-32C of its data as the caller computed it while streaming
     * it. Verified as {@link #decode(ByteBuffer, long)} verifies a whole record.
     *
     * @return the needle with empty data, its stored checksum and append time
     * @throws HayloftException {@code CORRUPT} as {@link #decode(ByteBuffer, long)}
     */
    static Needle decodeAroundData(ByteBuffer head, ByteBuffer tail, long offset, int dataCrc) {
        if (head.limit() < DATA_START) {
            throw corrupt(offset, "shorter than a header");
        }
        long size = bodySizeInHeader(head);
        if (size > MAX_BODY_SIZE || size < MIN_LIVE_BODY) {
            throw corrupt(offset, "impossible body size " + size);
        }
        long dataSize = head.getInt(HEADER_SIZE) & 0xFFFF_FFFFL;
        if (dataSize > size - 5) {
            throw corrupt(offset, "data size " + dataSize + " exceeds body");
        }
        int end = (int) (size - 4 - dataSize); // the fields' end within tail
        if (tail.limit() != recordLength(size) - DATA_START - dataSize) {
            throw corrupt(offset, "the bytes after the data do not match the record's length");
        }
        int storedCrc = tail.getInt(end);
        long appendAtNs = tail.getLong(end + 4);
        for (int i = end + TRAILER_SIZE; i < tail.limit(); i++) {
            if (tail.get(i) != 0) {
                throw corrupt(offset, "non-zero padding");
            }
        }
        if (appendAtNs <= 0) {
            throw corrupt(offset, "append time not set");
        }
        if (storedCrc != dataCrc) {
            throw corrupt(offset, "checksum mismatch");
        }
        return decodeFields(tail, offset, 0, end, head.getInt(0), head.getLong(4), EMPTY, storedCrc, appendAtNs);
    }

    /** The fields from {@code p} (the flags) to {@code end} of {@code r}, and the needle they make. */
    private static Needle decodeFields(ByteBuffer r, long offset, int p, int end, int cookie, long key, byte[] data,
                                       int storedCrc, long appendAtNs) {
        int flags = need(r, offset, p++, 1, end) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw corrupt(offset, "unknown flags " + Integer.toHexString(flags));
        }
        String name = "";
        String mime = "";
        long lastModified = 0;
        Ttl ttl = Ttl.NONE;
        Map<String, String> pairs = Map.of();
        try {
            if ((flags & FLAG_NAME) != 0) {
                int n = need(r, offset, p, 1, end) & 0xFF;
                name = string(r, offset, p + 1, n, end);
                p += 1 + n;
            }
            if ((flags & FLAG_MIME) != 0) {
                int n = need(r, offset, p, 1, end) & 0xFF;
                mime = string(r, offset, p + 1, n, end);
                p += 1 + n;
            }
            if ((flags & FLAG_LAST_MODIFIED) != 0) {
                need(r, offset, p, 8, end);
                lastModified = r.getLong(p);
                p += 8;
            }
            if ((flags & FLAG_TTL) != 0) {
                need(r, offset, p, 2, end);
                ttl = Ttl.fromBytes(r.get(p), r.get(p + 1));
                p += 2;
            }
            if ((flags & FLAG_PAIRS) != 0) {
                need(r, offset, p, 2, end);
                int total = r.getShort(p) & 0xFFFF;
                p += 2;
                int pairsEnd = p + total;
                if (pairsEnd > end) {
                    throw corrupt(offset, "pairs exceed body");
                }
                pairs = new LinkedHashMap<>();
                while (p < pairsEnd) {
                    int kl = need(r, offset, p, 2, pairsEnd) & 0xFFFF;
                    String k = string(r, offset, p + 2, kl, pairsEnd);
                    p += 2 + kl;
                    int vl = need(r, offset, p, 2, pairsEnd) & 0xFFFF;
                    String v = string(r, offset, p + 2, vl, pairsEnd);
                    p += 2 + vl;
                    pairs.put(k, v);
                }
            }
            if (p != end) {
                throw corrupt(offset, "body has " + (end - p) + " unparsed bytes");
            }
            return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, storedCrc, appendAtNs);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.CORRUPT) {
                throw e;
            }
            throw new HayloftException(ErrorCode.CORRUPT, "needle record at offset " + offset
                    + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** Checks that {@code n} bytes are available at {@code p}; returns the value of the u16 or u8 there. */
    private static int need(ByteBuffer r, long offset, int p, int n, int end) {
        if (p + n > end) {
            throw corrupt(offset, "field runs past the body");
        }
        return n == 1 ? r.get(p) : n == 2 ? r.getShort(p) : 0;
    }

    private static String string(ByteBuffer r, long offset, int p, int n, int end) {
        if (p + n > end) {
            throw corrupt(offset, "field runs past the body");
        }
        byte[] bytes = new byte[n];
        r.get(p, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static HayloftException corrupt(long offset, String why) {
        return new HayloftException(ErrorCode.CORRUPT, "needle record at offset " + offset + " is corrupt: " + why);
    }
}
