package io.hayloft.storage;

import io.hayloft.api.HayloftException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code .dat} record, a live needle or a tombstone, exactly as a volume appends it (layout:
 * {@link NeedleCodec}: header, body, CRC-32C, append timestamp, zero padding to 8 bytes), already
 * encoded and verified. Replication moves changes in this form: the primary stamps the record once
 * ({@link Volume#recordOf}, {@link Volume#tombstoneOf}), appends it and sends the same bytes to every
 * other replica, which checks them ({@link #parse}) and appends them unchanged
 * ({@link Volume#appendRecord}, {@link Volume#appendTombstone}), so every copy of a needle is the
 * same bytes, append timestamp included.
 *
 * <p>Immutable; {@link #bytes()} hands out read-only views of one buffer (not copied: records can be
 * megabytes).
 */
public final class NeedleRecord {
    private final ByteBuffer bytes;
    private final long key;
    private final int cookie;
    private final int bodySize;
    private final long appendAtNs;
    /** The live needle's fields with an empty data array, or null for a tombstone. */
    private final Needle fields;
    private final int dataSize;

    private NeedleRecord(ByteBuffer bytes, NeedleCodec.DecodedRecord decoded) {
        this.bytes = bytes.asReadOnlyBuffer();
        this.key = decoded.key();
        this.cookie = decoded.cookie();
        this.bodySize = decoded.bodySize();
        this.appendAtNs = decoded.appendAtNs();
        this.fields = decoded.needle();
        this.dataSize = fields == null ? 0 : bytes.getInt(NeedleCodec.HEADER_SIZE);
    }

    /**
     * Encodes a live needle with the given append timestamp.
     *
     * @param appendAtNs epoch nanoseconds, positive
     * @throws HayloftException {@code BAD_REQUEST} if the needle's checksum does not match its data or the
     *                          time is not positive; {@code PAYLOAD_TOO_LARGE} if it cannot fit a record
     */
    public static NeedleRecord of(Needle needle, long appendAtNs) {
        HayloftException.checkArgument(needle != null, "needle is required");
        HayloftException.checkArgument(appendAtNs > 0, "append time must be positive");
        HayloftException.checkArgument(Needle.crc32c(needle.data()) == needle.checksum(),
                "needle checksum does not match its data");
        Needle stamped = needle.withAppendAtNs(appendAtNs);
        ByteBuffer record = NeedleCodec.encode(stamped);
        return new NeedleRecord(record, new NeedleCodec.DecodedRecord(needle.cookie(), needle.key(),
                record.getInt(12), appendAtNs, stamped));
    }

    /** Encodes the tombstone of {@code key}/{@code cookie} at {@code appendAtNs} (positive). */
    public static NeedleRecord tombstone(long key, int cookie, long appendAtNs) {
        HayloftException.checkArgument(appendAtNs > 0, "append time must be positive");
        return new NeedleRecord(NeedleCodec.encodeTombstone(key, cookie, appendAtNs),
                new NeedleCodec.DecodedRecord(cookie, key, 0, appendAtNs, null));
    }

    /**
     * Checks that {@code bytes} (position to limit) are exactly one valid record of needle
     * {@code key}/{@code cookie}: the layout parses with no unknown flag and zero padding, the CRC-32C
     * matches the data, the append timestamp is set, and nothing follows the record. The bytes are not
     * copied: they must not change afterwards.
     *
     * @return the record
     * @throws HayloftException {@code BAD_REQUEST} naming what is wrong (cut short, trailing bytes, bad
     *                          checksum, another key or cookie, ...)
     */
    public static NeedleRecord parse(ByteBuffer bytes, long key, int cookie) {
        NeedleRecord record = parse(bytes);
        if (record.key() != key || record.cookie() != cookie) {
            throw HayloftException.badRequest("the record is of needle " + Long.toUnsignedString(record.key(), 16)
                    + " cookie " + Integer.toHexString(record.cookie()) + ", not of the one named ("
                    + Long.toUnsignedString(key, 16) + " cookie " + Integer.toHexString(cookie) + ")");
        }
        return record;
    }

    /**
     * {@link #parse(ByteBuffer, long, int)} without the key and cookie check, for records whose needle is
     * named by the record itself (a batch).
     *
     * @throws HayloftException {@code BAD_REQUEST} naming what is wrong
     */
    public static NeedleRecord parse(ByteBuffer bytes) {
        HayloftException.checkArgument(bytes != null, "a needle record is required");
        ByteBuffer record = bytes.slice();
        NeedleCodec.DecodedRecord decoded;
        try {
            decoded = NeedleCodec.decode(record, 0, false);
        } catch (HayloftException e) {
            throw HayloftException.badRequest("not a valid needle record: " + e.getMessage());
        }
        long length = NeedleCodec.recordLength(decoded.bodySize());
        if (length != record.remaining()) {
            throw HayloftException.badRequest("needle record of " + length + " bytes followed by "
                    + (record.remaining() - length) + " more bytes");
        }
        return new NeedleRecord(record, decoded);
    }

    /**
     * Splits {@code bytes} (position to limit) into the records laid back to back in it, each checked as
     * {@link #parse(ByteBuffer)} does. Nothing is copied.
     *
     * @return the records in order; at least one
     * @throws HayloftException {@code BAD_REQUEST} if the bytes are empty, a record is invalid or the last
     *                          one is cut short (the message gives the record's index and offset)
     */
    public static List<NeedleRecord> parseAll(ByteBuffer bytes) {
        HayloftException.checkArgument(bytes != null && bytes.hasRemaining(), "at least one needle record is required");
        ByteBuffer all = bytes.slice();
        List<NeedleRecord> records = new ArrayList<>();
        int at = 0;
        while (at < all.limit()) {
            NeedleRecord record = parseAt(all, at, records.size());
            records.add(record);
            at += record.length();
        }
        return records;
    }

    /**
     * The record that starts at absolute index {@code at} of {@code bytes}, checked as
     * {@link #parse(ByteBuffer)} does; its length comes from its header. Nothing is copied.
     *
     * @param index the record's index among its neighbours, for the error message
     * @throws HayloftException {@code BAD_REQUEST} if the record is cut short or invalid (the message gives
     *                          {@code index} and {@code at})
     */
    public static NeedleRecord parseAt(ByteBuffer bytes, int at, int index) {
        int left = bytes.limit() - at;
        if (left < NeedleCodec.HEADER_SIZE) {
            throw HayloftException.badRequest("record " + index + " at byte " + at + " is cut short");
        }
        long length = NeedleCodec.recordLength(bytes.getInt(at + 12) & 0xFFFF_FFFFL);
        if (length > left) {
            throw HayloftException.badRequest("record " + index + " at byte " + at + " is cut short");
        }
        try {
            return parse(bytes.slice(at, (int) length));
        } catch (HayloftException e) {
            throw HayloftException.badRequest("record " + index + " at byte " + at + ": " + e.getMessage());
        }
    }

    /**
     * The longest record of a needle with at most {@code maxDataSize} bytes of data: every optional field
     * at its largest (name, MIME type, last-modified, TTL, pairs), capped at what a record can hold.
     */
    public static long maxLength(long maxDataSize) {
        HayloftException.checkArgument(maxDataSize >= 0, "data size must not be negative");
        long body = NeedleCodec.MIN_LIVE_BODY + Math.min(maxDataSize, NeedleCodec.MAX_BODY_SIZE)
                + 2L * (1 + Needle.MAX_NAME_BYTES) + 8 + 2 + 2 + Needle.MAX_PAIRS_BYTES;
        return Math.min(NeedleCodec.recordLength(body), NeedleCodec.MAX_RECORD_SIZE);
    }

    /** Returns the whole record as a read-only buffer from position 0 to its length. */
    public ByteBuffer bytes() {
        return bytes.duplicate().clear();
    }

    /** Returns the record's length in bytes, padding included (a multiple of 8). */
    public int length() {
        return bytes.capacity();
    }

    public long key() {
        return key;
    }

    public int cookie() {
        return cookie;
    }

    /** Returns the needle's file name, {@code ""} if it has none or this is a tombstone. */
    public String name() {
        return fields == null ? "" : fields.name();
    }

    /** True for a tombstone (a delete). */
    public boolean tombstone() {
        return fields == null;
    }

    /** Returns the append timestamp, epoch nanoseconds (positive). */
    public long appendAtNs() {
        return appendAtNs;
    }

    /** Returns the needle's data size in bytes (0 for a tombstone). */
    public int dataSize() {
        return dataSize;
    }

    /** Returns the CRC-32C of the data (0 for a tombstone). */
    public int checksum() {
        return fields == null ? 0 : fields.checksum();
    }

    /** Returns the body size in the header (0 for a tombstone). */
    int bodySize() {
        return bodySize;
    }

    /** The live needle's data, a read-only view of the record. */
    ByteBuffer data() {
        return bytes.duplicate().limit(NeedleCodec.DATA_START + dataSize).position(NeedleCodec.DATA_START).slice();
    }

    /** True if {@code stored} holds the same data, name and MIME type (a rewrite of it changes nothing). */
    boolean sameContent(Needle stored) {
        return fields != null && stored.dataSize() == dataSize && data().equals(ByteBuffer.wrap(stored.data()))
                && stored.name().equals(fields.name()) && stored.mime().equals(fields.mime());
    }

    @Override
    public String toString() {
        return "NeedleRecord[key=" + Long.toUnsignedString(key, 16) + ", cookie=" + Integer.toHexString(cookie)
                + (fields == null ? ", tombstone" : ", dataSize=" + dataSize) + ", length=" + length()
                + ", appendAtNs=" + appendAtNs + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeedleRecord r && bytes().equals(r.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {key, cookie, appendAtNs, length()});
    }
}
